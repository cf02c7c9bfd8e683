import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDownloadToken, signDownloadToken } from "./download-token";

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.AUTH_SECRET;
  process.env.AUTH_SECRET = "test-secret-for-export-links-0123456789";
});
afterAll(() => {
  process.env.AUTH_SECRET = saved;
});

describe("export download tokens", () => {
  const id = "exp_0000000000abcdefabcdefabcd";
  const later = new Date(Date.now() + 60_000);

  it("accepts its own token until it expires", () => {
    const token = signDownloadToken(id, later);
    expect(checkDownloadToken(id, token)).toBe("ok");
    expect(checkDownloadToken(id, token, later.getTime() + 1)).toBe("expired");
  });

  it("refuses another export's token, a moved expiry, a flipped character, junk and none", () => {
    const token = signDownloadToken(id, later);
    const [ms, sig] = token.split(".");
    expect(checkDownloadToken("exp_0000000000abcdefabcdefabce", token)).toBe("invalid");
    expect(checkDownloadToken(id, `${Number(ms) + 3_600_000}.${sig}`)).toBe("invalid");
    const flipped = sig[0] === "A" ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
    expect(checkDownloadToken(id, `${ms}.${flipped}`)).toBe("invalid");
    for (const junk of ["", "abc", `${ms}`, `${ms}.`, `x.${sig}`, `${ms}.${sig}x`]) expect(checkDownloadToken(id, junk)).toBe("invalid");
    expect(checkDownloadToken(id, null)).toBe("invalid");
  });

  it("changes with AUTH_SECRET", () => {
    const token = signDownloadToken(id, later);
    process.env.AUTH_SECRET = "another-secret-for-export-links-98765";
    expect(checkDownloadToken(id, token)).toBe("invalid");
    process.env.AUTH_SECRET = "test-secret-for-export-links-0123456789";
  });
});
