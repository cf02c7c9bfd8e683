import { z } from "zod";

// zod's default messages read like a type checker ("Too small: expected string to have >=1
// characters"); forms and the API's 422 details show these instead. Installed once for the
// process (server) or the bundle (browser) by importing this module; a schema's own message
// still wins.

type Issue = z.core.$ZodRawIssue;

const count = (n: number | bigint, word: string) => `${n} ${word}${Number(n) === 1 ? "" : "s"}`;
const TYPES: Record<string, string> = { string: "text", number: "a number", int: "a whole number", boolean: "true or false", object: "an object", array: "a list", bigint: "a whole number", date: "a date" };

function sizeMessage(iss: Issue & { code: "too_small" | "too_big" }): string | undefined {
  const small = iss.code === "too_small";
  const n = small ? (iss as { minimum: number | bigint }).minimum : (iss as { maximum: number | bigint }).maximum;
  const bound = small ? "at least" : "at most";
  switch (iss.origin) {
    case "string":
      return small && Number(n) === 1 ? "Required" : `Must be ${bound} ${count(n, "character")}`;
    case "array":
    case "set":
      return `Must have ${bound} ${count(n, "item")}`;
    case "number":
    case "int":
    case "bigint":
      return iss.inclusive === false ? `Must be ${small ? "more" : "less"} than ${n}` : `Must be ${bound} ${n}`;
    default:
      return undefined;
  }
}

export function friendlyZodMessage(iss: Issue): string | undefined {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return "Required";
      return `Must be ${TYPES[iss.expected] ?? iss.expected}`;
    case "too_small":
    case "too_big":
      return sizeMessage(iss);
    case "invalid_value":
      return iss.values.length === 1 ? `Must be ${JSON.stringify(iss.values[0])}` : `Must be one of ${iss.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `Unknown ${iss.keys.length === 1 ? "field" : "fields"}: ${iss.keys.join(", ")}`;
    case "invalid_format":
      if (iss.format === "email") return "Must be an email address";
      if (iss.format === "url") return "Must be a URL";
      if (iss.format === "regex") return "Has the wrong format";
      return `Must be a valid ${iss.format}`;
    default:
      return undefined;
  }
}

z.config({ customError: friendlyZodMessage });
