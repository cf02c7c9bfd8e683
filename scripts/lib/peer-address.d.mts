import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

export function appendPeerAddress(request: IncomingMessage, socket: Socket): void;
export function installPeerAddress(): void;
