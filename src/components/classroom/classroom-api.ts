/**
 * The page's side of the classroom HTTP API (docs/reference/http-api.md#classroom): same-origin requests, JSON
 * both ways, asked in the page's language so that a refusal reads in the language the student reads the page
 * in. An answer is either the body or the catalog error the lab server gave; a lab server without classroom
 * mode (a student's own machine) answers `LAB_ERR_NOT_FOUND`, which the pages say in their own words.
 */

import type { Locale } from '../../common/localized';

export interface StudentView {
  readonly id: string;
  readonly name: string;
  readonly joinedAt: number;
}

export interface Me {
  readonly role: 'instructor' | 'student' | 'stranger';
  readonly student?: StudentView;
  readonly joining: { readonly open: boolean };
}

export type Answer<T> =
  | { readonly ok: true; readonly body: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Not a catalog code: the page's own, for a lab server that could not be reached or answered no API JSON. */
export const UNREACHABLE = 'unreachable';

export async function classroomRequest<T>(
  path: string,
  locale: Locale,
  body?: Readonly<Record<string, unknown>>,
): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        accept: 'application/json',
        'accept-language': locale,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return { ok: false, code: UNREACHABLE, message: '' };
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    return { ok: false, code: UNREACHABLE, message: '' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, code: UNREACHABLE, message: '' };
  if (response.ok) return { ok: true, body: parsed as T };
  const { code, message } = parsed as { code?: unknown; message?: unknown };
  return {
    ok: false,
    code: typeof code === 'string' ? code : UNREACHABLE,
    message: typeof message === 'string' ? message : '',
  };
}

/**
 * Downloads a file the lab server serves as an attachment (the grades exports), asked in the page's language —
 * which a plain link cannot do, since it sends the browser's Accept-Language. Resolves to undefined once the
 * browser has the file, or to the refusal's message.
 */
export async function downloadFile(path: string, locale: Locale): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'accept-language': locale },
    });
  } catch {
    return UNREACHABLE;
  }
  if (!response.ok) {
    const refusal = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
    return typeof refusal.message === 'string' && refusal.message !== '' ? refusal.message : String(response.status);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? path.split('/').pop() ?? 'download';
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // After the click has handed the blob to the download: revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return undefined;
}
