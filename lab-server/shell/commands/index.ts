/**
 * The lab shell's commands, in the order `help` lists them.
 */

import type { ShellCommand } from '../command';
import { clients } from './clients';
import { close, shutdown } from './close';
import { connect } from './connect';
import { exit } from './exit';
import { fault } from './fault';
import { clear, help, history } from './help';
import { hex } from './hex';
import { keepalive } from './keepalive';
import { listen } from './listen';
import { loss } from './loss';
import { nc } from './nc';
import { recv } from './recv';
import { recvfrom } from './recvfrom';
import { reply } from './reply';
import { send } from './send';
import { sendto } from './sendto';
import { sleep } from './sleep';
import { socket } from './socket';
import { servers, status } from './status';
import { stop } from './stop';

export const COMMANDS: readonly ShellCommand[] = [
  connect,
  send,
  recv,
  close,
  shutdown,
  keepalive,
  socket,
  sendto,
  recvfrom,
  nc,
  listen,
  clients,
  reply,
  hex,
  stop,
  loss,
  fault,
  sleep,
  status,
  servers,
  history,
  clear,
  help,
  exit,
];
