/**
 * The lab kit: the contract between a lab folder (`labs/<id>/`) and the lab server that runs it — how a lab
 * declares its servers, checks and questions, what checks see (observations folded into connection records,
 * the session's packets), and the verdicts they give. Platform-free (its tsconfig has neither DOM nor Node
 * types), imported by `labs/` and by `lab-server/`, importing neither: the lab server's entry point hands the
 * lab list in.
 */

export * from './connection-record';
export * from './lab-definition';
export * from './lab-solution';
export * from './observation';
export * from './verdicts';
