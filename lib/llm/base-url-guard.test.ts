import { afterEach, describe, expect, it } from "vitest";
import { baseUrlProblem, isPrivateAddress } from "./base-url-guard";

afterEach(() => {
  delete process.env.EGRESS_ALLOW_PRIVATE_NETWORKS;
  delete process.env.EGRESS_ALLOWED_HOSTS;
});

describe("provider base URL guard", () => {
  it.each(["10.0.0.1", "172.16.0.1", "192.168.0.1", "100.64.0.1", "127.0.0.1", "::1", "169.254.169.254", "ff02::2", "64:ff9b::a00:1", "2002:a00:1::1", "::ffff:127.0.0.1", "0.0.0.0", "fd00::1", "fe80::1", "64:ff9b::808:808", "192.0.2.1"])("%s is private", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])("%s is public", (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it("refuses private literals, odd schemes and credentials; allows them when configured", async () => {
    expect(await baseUrlProblem("http://127.0.0.1:8080/v1")).toMatch(/not allowed/);
    expect(await baseUrlProblem("http://[::1]/v1")).toMatch(/not allowed/);
    expect(await baseUrlProblem("https://8.8.8.8/v1")).toBeNull();
    expect(await baseUrlProblem("ftp://8.8.8.8/")).toMatch(/http/);
    expect(await baseUrlProblem("https://user:pw@8.8.8.8/")).toMatch(/credentials/);
    expect(await baseUrlProblem("not a url")).toMatch(/absolute/);
    expect(await baseUrlProblem("http://localhost:1/v1")).toMatch(/not allowed|resolve/);
    process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1, llm.internal";
    expect(await baseUrlProblem("http://127.0.0.1:8080/v1")).toBeNull();
    expect(await baseUrlProblem("http://10.0.0.1/v1")).toMatch(/not allowed/);
    process.env.EGRESS_ALLOW_PRIVATE_NETWORKS = "1";
    expect(await baseUrlProblem("http://10.0.0.1/v1")).toBeNull();
  });
});
