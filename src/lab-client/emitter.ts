/**
 * The page uses the shared platform-free emitter (see `src/common/emitter.ts`).
 */

export { type Disposable, Emitter, type Event } from '../common/emitter';
