import type { Locator, Page } from "@playwright/test";

// The workflow editor's canvas (React Flow), driven with real mouse events as a user does.

/** Drags from one React Flow handle to another. */
export async function connect(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("handle not visible");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

export const sourceHandle = (node: Locator) => node.locator(".react-flow__handle.source");
export const targetHandle = (node: Locator) => node.locator(".react-flow__handle.target");

/**
 * Clicks a connection a third of the way from its source handle: its middle holds the "+" that
 * inserts a step. Works for a straight connection, which has no box of its own to click.
 */
export async function clickConnection(page: Page, from: Locator, to: Locator) {
  const [a, b] = [await from.boundingBox(), await to.boundingBox()];
  if (!a || !b) throw new Error("handles not visible");
  const [ax, ay, bx, by] = [a.x + a.width / 2, a.y + a.height / 2, b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.click(ax + (bx - ax) / 3, ay + (by - ay) / 3);
}
