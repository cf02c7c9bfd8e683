// Where a live stream's messages go, whatever carries them (Server-Sent Events today:
// lib/api/sse.ts). Producers (lib/runs' event streams) write to a sink and never see the
// transport. Imports nothing else from lib.

export type SinkMessage = { id?: string | number; event?: string; data: unknown };

export type EventSink = {
  send(msg: SinkMessage): void;
  comment(text: string): void;
  close(): void;
  readonly closed: boolean;
  /** Called once when the stream ends, whatever the reason. */
  onClose(fn: () => void): void;
  /** Called with every heartbeat (e.g. to catch up on anything a notice missed). */
  onHeartbeat(fn: () => void): void;
};
