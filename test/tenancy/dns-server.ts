import dns2 from "dns2";

const { Packet } = dns2;

/**
 * A real DNS server on 127.0.0.1 (UDP, random port) answering TXT queries from `records`;
 * other names get NXDOMAIN. `silent` names are never answered, to exercise timeouts.
 */
export async function startDnsServer() {
  const records = new Map<string, string[][]>();
  const silent = new Set<string>();
  const server = dns2.createUDPServer((request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const [question] = request.questions;
    const name = question.name.toLowerCase();
    if (silent.has(name)) return;
    const values = question.type === Packet.TYPE.TXT ? records.get(name) : undefined;
    if (!values) response.header.rcode = Packet.RCODE.NXDOMAIN;
    for (const chunks of values ?? []) {
      // dns2's typings want a Resource instance; the encoder takes this plain shape (TXT data as strings).
      const answer = { name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: chunks };
      response.answers.push(answer as unknown as (typeof response.answers)[number]);
    }
    send(response);
  });
  await server.listen(0, "127.0.0.1");
  const { port } = server.address();
  return {
    address: `127.0.0.1:${port}`,
    /** Publishes TXT records (each one a list of character-strings, joined by resolvers). */
    setTxt(name: string, ...values: (string | string[])[]) {
      records.set(name.toLowerCase(), values.map((v) => (Array.isArray(v) ? v : [v])));
    },
    clear(name: string) {
      records.delete(name.toLowerCase());
    },
    silence(name: string) {
      silent.add(name.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
