/**
 * The three TLS clients the TLS kinds are tested with, as a student runs them: Node's `tls.connect`, Python 3's
 * `ssl` module (one `python3 -c` process per connection) and `openssl s_client`. Each connects to 127.0.0.1,
 * sends `Hello,world!` once the handshake is over, and reports what it saw in one shape — the version and suite
 * it negotiated and the echo, or the error exactly as that client words it — so a table of cases can compare
 * them. Every client gives up after CLIENT_TIMEOUT_MS.
 */

import { execFile, spawn } from 'node:child_process';
import tls from 'node:tls';

export const CLIENT_TIMEOUT_MS = 15_000;
export const HELLO = 'Hello,world!';

export interface ClientOptions {
  readonly port: number;
  /** The CA file (PEM) the client trusts; absent: the client does not verify the server at all. */
  readonly caFile?: string;
  readonly servername?: string;
  /** A CRL file (PEM) to check the server's certificate against (the leaf's, for Python and s_client). */
  readonly crlFile?: string;
  /** A client certificate (with its chain) and key, PEM files, for mutual TLS. */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** OpenSSL's cipher string (TLS 1.2 suites), where the client's default would not offer the suite. */
  readonly ciphers?: string;
  /** Ask for a stapled OCSP response (status_request). */
  readonly requestOcsp?: boolean;
  /** The range of TLS versions the client offers (`TLSv1.2`, `TLSv1.3`); absent: its default. */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** s_client only: check the certificate's names too (`-verify_hostname`), which it does not by default. */
  readonly verifyHostname?: string;
}

export interface ClientResult {
  /** The handshake completed and the echo came back. */
  readonly echoed: boolean;
  readonly version?: string;
  /** As the client names it: IANA for Node (`standardName`), OpenSSL's name for Python and s_client. */
  readonly cipher?: string;
  /** Node's `error.code` (`CERT_HAS_EXPIRED`), Python's exception `reason` (`CERTIFICATE_VERIFY_FAILED`). */
  readonly code?: string;
  /** The whole error as the client prints it: Node's message, Python's `str(exc)`, s_client's output. */
  readonly text?: string;
  /** The stapled OCSP response the server sent: DER (Node), or the status s_client printed (`revoked`). */
  readonly ocsp?: Uint8Array | string;
}

/** Node's `tls.connect`, with the files read as the options take them. */
export function nodeClient(options: ClientOptions, files: (path: string) => string): Promise<ClientResult> {
  return new Promise((resolve) => {
    let ocsp: Uint8Array | undefined;
    let received = '';
    const socket = tls.connect({
      host: '127.0.0.1',
      port: options.port,
      ...(options.servername === undefined ? {} : { servername: options.servername }),
      ...(options.caFile === undefined ? { rejectUnauthorized: false } : { ca: files(options.caFile) }),
      // One CRL per string: Node reads only the first of a string's PEM blocks.
      ...(options.crlFile === undefined ? {} : { crl: pemBlocks(files(options.crlFile)) }),
      ...(options.certFile === undefined ? {} : { cert: files(options.certFile) }),
      ...(options.keyFile === undefined ? {} : { key: files(options.keyFile) }),
      ...(options.ciphers === undefined ? {} : { ciphers: options.ciphers }),
      ...(options.requestOcsp === true ? { requestOCSP: true } : {}),
      ...(options.minVersion === undefined ? {} : { minVersion: options.minVersion }),
      ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
    } as tls.ConnectionOptions);
    const done = (result: ClientResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, ...(ocsp === undefined ? {} : { ocsp }) });
    };
    const timer = setTimeout(
      () => done({ echoed: false, code: 'TIMEOUT', text: 'no answer in time' }),
      CLIENT_TIMEOUT_MS,
    );
    socket.on('OCSPResponse', (response: Buffer) => {
      ocsp = new Uint8Array(response);
    });
    socket.on('secureConnect', () => socket.write(HELLO));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received === HELLO)
        done({
          echoed: true,
          version: socket.getProtocol() ?? '?',
          cipher: socket.getCipher().standardName,
        });
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done({ echoed: false, code: error.code ?? '?', text: error.message }),
    );
    socket.on('close', () => done({ echoed: false, code: 'CLOSED', text: 'the server closed the connection' }));
  });
}

function pemBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----\n?/g) ?? [];
}

/** The Python client: argv[1] is the options as JSON; prints one JSON line with the result. */
const PYTHON = `
import json, socket, ssl, sys
o = json.loads(sys.argv[1])
out = {"echoed": False}
try:
    if o.get("caFile"):
        ctx = ssl.create_default_context(cafile=o["caFile"])
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if o.get("crlFile"):
        ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
        # cadata takes certificates only; a file may hold CRLs as well.
        ctx.load_verify_locations(cafile=o["crlFile"])
    if o.get("certFile"):
        ctx.load_cert_chain(o["certFile"], o["keyFile"])
    if o.get("ciphers"):
        ctx.set_ciphers(o["ciphers"])
    versions = {"TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}
    if o.get("minVersion"):
        ctx.minimum_version = versions[o["minVersion"]]
    if o.get("maxVersion"):
        ctx.maximum_version = versions[o["maxVersion"]]
    with socket.create_connection(("127.0.0.1", o["port"]), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=o.get("servername")) as s:
            out["version"] = s.version()
            out["cipher"] = s.cipher()[0]
            s.sendall(b"Hello,world!")
            data = b""
            while len(data) < 12:
                chunk = s.recv(100)
                if not chunk:
                    break
                data += chunk
            out["echoed"] = data == b"Hello,world!"
            if not out["echoed"]:
                out["code"] = "CLOSED"
                out["text"] = repr(data)
except ssl.SSLError as e:
    out["code"] = e.reason or type(e).__name__
    out["text"] = type(e).__name__ + ": " + str(e)
except OSError as e:
    out["code"] = type(e).__name__
    out["text"] = type(e).__name__ + ": " + str(e)
print(json.dumps(out))
`;

export function pythonClient(options: ClientOptions): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', PYTHON, JSON.stringify(options)], { timeout: CLIENT_TIMEOUT_MS }, (error, stdout) => {
      if (error !== null) return reject(error);
      resolve(JSON.parse(stdout) as ClientResult);
    });
  });
}

/**
 * `openssl s_client -brief`: sends the line, and reports once the echo is back or the client exits. Its output
 * (both streams) is the `text`, as a student reads it in their terminal; `code` is its verify line or alert.
 */
export function opensslClient(options: ClientOptions): Promise<ClientResult> {
  // -brief prints the version and suite in two lines, but not a stapled OCSP response: -status goes without it.
  const args = [
    's_client',
    '-connect',
    `127.0.0.1:${options.port}`,
    options.requestOcsp === true ? '-status' : '-brief',
  ];
  if (options.servername !== undefined) args.push('-servername', options.servername);
  if (options.caFile !== undefined) args.push('-CAfile', options.caFile, '-verify_return_error');
  if (options.crlFile !== undefined) args.push('-crl_check', '-CRL', options.crlFile);
  if (options.certFile !== undefined && options.keyFile !== undefined)
    args.push('-cert', options.certFile, '-key', options.keyFile);
  if (options.ciphers !== undefined) args.push('-cipher', options.ciphers);
  if (options.minVersion === 'TLSv1.3') args.push('-tls1_3');
  if (options.maxVersion === 'TLSv1.2') args.push('-no_tls1_3');
  if (options.verifyHostname !== undefined) args.push('-verify_hostname', options.verifyHostname);
  return new Promise((resolve) => {
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      resolve(readOpenssl(output));
    };
    const timer = setTimeout(finish, CLIENT_TIMEOUT_MS);
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      // s_client does not repeat what it sends: a line that says Hello,world! is the echo.
      if (/^Hello,world!\r?$/m.test(output)) finish();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', finish);
    child.stdin.on('error', () => {});
    child.stdin.write(`${HELLO}\n`);
  });
}

function readOpenssl(output: string): ClientResult {
  const version = /^(?:Protocol version: |New, )(TLSv[\d.]+)/m.exec(output)?.[1];
  const cipher = /^(?:Ciphersuite: |New, TLSv[\d.]+, Cipher is )(\S+)/m.exec(output)?.[1];
  const echoed = /^Hello,world!\r?$/m.test(output);
  const code =
    /^(verify error:num=\d+:.*)$/m.exec(output)?.[1] ?? /((?:sslv3|tlsv1|tlsv13) alert [a-z ]+)/.exec(output)?.[1];
  const ocsp = /^ {4}Cert Status: (\w+)$/m.exec(output)?.[1];
  return {
    echoed,
    ...(version === undefined ? {} : { version }),
    ...(cipher === undefined ? {} : { cipher }),
    ...(echoed || code === undefined ? {} : { code }),
    text: output.trim(),
    ...(ocsp === undefined ? {} : { ocsp }),
  };
}
