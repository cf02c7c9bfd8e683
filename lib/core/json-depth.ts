import { ApiError } from "@/lib/core/errors";

// A request body nested thousands of levels deep parses, then overflows the stack of whatever
// walks it recursively (validation, serialisation: a 500). Every JSON body is measured before it
// is parsed and refused past this depth.

/** Deepest nesting of arrays and objects accepted in a JSON body: `[[1]]` is 2. */
export const MAX_JSON_DEPTH = 64;

/** Whether the JSON text nests arrays and objects deeper than `limit` (one pass, no recursion). */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Throws 422 invalid_request when the JSON text nests deeper than MAX_JSON_DEPTH. */
export function refuseDeepJson(text: string): void {
  if (!jsonTooDeep(text)) return;
  throw new ApiError("invalid_request", `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`, {
    details: [{ path: "(body)", message: `Arrays and objects may be nested at most ${MAX_JSON_DEPTH} levels deep` }],
  });
}
