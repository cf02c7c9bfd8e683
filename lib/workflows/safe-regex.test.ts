import { describe, expect, it } from "vitest";
import { MAX_PATTERN_LENGTH, MAX_REGEX_WORK, RegexTextTooLongError, SafeRegExp, UnsupportedRegexError, ajvRegExp, regexProblem } from "./safe-regex";

/** Every match of a global regex, exec after exec, as JSONata iterates them. */
function allMatches(re: { exec(s: string): RegExpExecArray | null; lastIndex: number }, text: string) {
  const out: unknown[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ groups: [...m], index: m.index, lastIndex: re.lastIndex });
    if (m[0] === "") break;
  }
  return out;
}

describe("SafeRegExp", () => {
  it.each([
    [/([a-z]+)(\d+)?/g, "ab12 cd 345ef"],
    [/^ab/gm, "ab\nxab\nab"],
    [/b/gi, "aBcb"],
    [/(x)?y/g, "y xy"],
    [/é+/g, "😀éé"],
    [/\bword\b/g, "a word, words"],
  ])("%s gives what RegExp gives on %j (matches, groups, index, lastIndex)", (native, text) => {
    expect(allMatches(new SafeRegExp(native), text)).toEqual(allMatches(new RegExp(native.source, native.flags), text));
  });

  it("without g, exec and test search from the start and leave lastIndex alone", () => {
    const re = new SafeRegExp("b", "u");
    re.lastIndex = 5;
    expect(re.exec("abc")?.index).toBe(1);
    expect(re.test("xyz")).toBe(false);
    expect(re.lastIndex).toBe(5);
  });

  it("is linear: ^(a+)+$ on 10,000 × a + ! answers in milliseconds", () => {
    const start = performance.now();
    expect(new SafeRegExp("^(a+)+$", "u").test(`${"a".repeat(10_000)}!`)).toBe(false);
    expect(performance.now() - start).toBeLessThan(200);
  });

  it("refuses a text longer than its work bound instead of searching it", () => {
    const re = new SafeRegExp("(.*a){20}");
    expect(() => re.test("a".repeat(MAX_REGEX_WORK))).toThrow(RegexTextTooLongError);
  });

  it("Ajv's engine: distinct patterns have distinct keys (Ajv caches compiled patterns by toString)", () => {
    expect(String(ajvRegExp("^a$", "u"))).toBe("/^a$/u");
    expect(String(ajvRegExp("^b$", "u"))).not.toBe(String(ajvRegExp("^a$", "u")));
  });
});

describe("regexProblem", () => {
  it.each([
    ["(a)\\1", "invalid escape sequence"],
    ["(?<q>a)\\k<q>", "\\k<name> backreference"],
    ["a(?=b)", "unsupported Perl syntax"],
    ["a(?!b)", "unsupported Perl syntax"],
    ["(?<=a)b", "invalid named capture"],
    ["a{2000}", "invalid repeat count"],
    ["x".repeat(MAX_PATTERN_LENGTH + 1), `longer than ${MAX_PATTERN_LENGTH} characters`],
  ])("refuses %j (%s)", (pattern, why) => {
    expect(regexProblem(pattern)).toContain(why);
    expect(() => new SafeRegExp(pattern)).toThrow(UnsupportedRegexError);
  });

  it("accepts JavaScript syntax RE2 shares: classes, named groups, \\u escapes, Unicode properties", () => {
    for (const pattern of ["^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$", "(?<year>\\d{4})-(?<month>\\d{2})", "\\u00e9\\u{1F600}", "\\p{L}+", "[^]", "\\/"]) {
      expect(regexProblem(pattern, "u")).toBeNull();
    }
    expect(new SafeRegExp("(?<year>\\d{4})", "u").exec("in 2024")?.[1]).toBe("2024");
  });
});
