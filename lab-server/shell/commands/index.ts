/**
 * The lab shell's commands, in the order `help` lists them.
 */

import type { ShellCommand } from '../command';
import { close, shutdown } from './close';
import { connect } from './connect';
import { exit } from './exit';
import { clear, help, history } from './help';
import { nc } from './nc';
import { recv } from './recv';
import { recvfrom } from './recvfrom';
import { send } from './send';
import { sendto } from './sendto';
import { socket } from './socket';
import { servers, status } from './status';

export const COMMANDS: readonly ShellCommand[] = [
  connect,
  send,
  recv,
  close,
  shutdown,
  socket,
  sendto,
  recvfrom,
  nc,
  status,
  servers,
  history,
  clear,
  help,
  exit,
];
