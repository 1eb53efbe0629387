/**
 * The dashboard's end of the instructor feed (INSTRUCTOR_WEBSOCKET_PATH): opens the WebSocket in the page's
 * language, decodes every message with `decodeInstructorMessage`, and when the feed closes (the lab server
 * restarted, the laptop slept) opens it again with a growing, jittered delay — re-sending `watch` for the
 * watched student, since a new connection watches nobody. A browser reports a refused upgrade (403) as a bare
 * close, so a close before the first message asks `GET /api/instructor/roster` why: not signed in and not a
 * classroom are final states to show, not reasons to retry.
 */

import type { Locale } from '../../../common/localized';
import { INSTRUCTOR_WEBSOCKET_PATH, type InstructorMessage } from '../../../protocol/classroom';
import { decodeInstructorMessage } from '../../../protocol/decode-instructor';
import { classroomRequest } from '../classroom-api';

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'notSignedIn' | 'notClassroom';

export interface FeedHandlers {
  readonly onMessage: (message: InstructorMessage) => void;
  readonly onStatus: (status: FeedStatus) => void;
  /** A message the page could not decode: a lab server of another version. */
  readonly onInvalid: (reason: string) => void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

export class FeedConnection {
  readonly #locale: Locale;
  readonly #handlers: FeedHandlers;
  #socket: WebSocket | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #delay = FIRST_DELAY_MS;
  #watching: string | null = null;
  #disposed = false;

  constructor(locale: Locale, handlers: FeedHandlers) {
    this.#locale = locale;
    this.#handlers = handlers;
    this.#open();
  }

  /** Mirrors this student's sessions (null: nobody); remembered for the next connection. */
  watch(student: string | null): void {
    // Each `watch` spends the lab server's budget for them (a few a second): asking twice costs a refusal.
    if (student === this.#watching) return;
    this.#watching = student;
    this.#send();
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000, 'page closed');
    this.#socket = undefined;
  }

  #open(): void {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${window.location.host}${INSTRUCTOR_WEBSOCKET_PATH}?locale=${encodeURIComponent(this.#locale)}`;
    const socket = new WebSocket(url);
    this.#socket = socket;
    let received = false;
    socket.addEventListener('message', (event) => {
      if (this.#disposed || typeof event.data !== 'string') return;
      let message: InstructorMessage;
      try {
        message = decodeInstructorMessage(event.data);
      } catch (error) {
        this.#handlers.onInvalid(error instanceof Error ? error.message : String(error));
        return;
      }
      if (!received && message.type === 'roster') {
        received = true;
        this.#delay = FIRST_DELAY_MS;
        this.#handlers.onStatus('live');
        this.#handlers.onMessage(message);
        // A new connection watches nobody: ask again for whom this page was watching, if they are still here.
        const watching = this.#watching;
        if (watching !== null && !message.students.some((student) => student.id === watching)) this.#watching = null;
        else if (watching !== null) this.#send();
        return;
      }
      this.#handlers.onMessage(message);
    });
    socket.addEventListener('close', () => void this.#closed(socket, received));
  }

  async #closed(socket: WebSocket, received: boolean): Promise<void> {
    if (this.#disposed || this.#socket !== socket) return;
    this.#socket = undefined;
    if (!received) {
      const answer = await classroomRequest<unknown>('/api/instructor/roster', this.#locale);
      if (this.#disposed) return;
      if (!answer.ok && answer.code === 'LAB_ERR_NOT_INSTRUCTOR') {
        this.#handlers.onStatus('notSignedIn');
        return;
      }
      if (!answer.ok && answer.code === 'LAB_ERR_NOT_FOUND') {
        this.#handlers.onStatus('notClassroom');
        return;
      }
      // Unreachable, or the roster answered but the socket did not: try again later either way.
    }
    this.#handlers.onStatus('reconnecting');
    // Jitter, so that the dashboards of a restarted server do not all knock at the same instant.
    const wait = this.#delay * (0.75 + Math.random() / 2);
    this.#delay = Math.min(this.#delay * 2, MAX_DELAY_MS);
    this.#timer = setTimeout(() => this.#open(), wait);
  }

  #send(): void {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'watch', student: this.#watching }));
  }
}
