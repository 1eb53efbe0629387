/**
 * PEM text (RFC 7468) into its blocks: what a student pastes into the viewer or a CA bundle holds. Each block is
 * its label (`CERTIFICATE`, `PRIVATE KEY`, `EC PRIVATE KEY`, …) and the DER its base64 carries; text around and
 * between blocks is ignored, as OpenSSL ignores it. Bounded in the blocks it reads.
 */

export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

/** A bundle or a chain pasted whole has a few dozen at most; a system bundle about 150. */
const MAX_BLOCKS = 512;

const BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----([\s\S]*?)-----END \1-----/g;

export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    if (blocks.length >= MAX_BLOCKS) break;
    // RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) of an OpenSSL-encrypted key are not base64.
    const body = (match[2] ?? '')
      .split(/\r?\n/)
      .filter((line) => !line.includes(':'))
      .join('');
    blocks.push({ label: match[1] ?? '', der: new Uint8Array(Buffer.from(body, 'base64')) });
  }
  return blocks;
}

/** The DER of every CERTIFICATE block, in order. */
export function pemCertificates(text: string): Uint8Array[] {
  return pemBlocks(text)
    .filter((block) => block.label === 'CERTIFICATE')
    .map((block) => block.der);
}
