"use client";
import { useEffect, useLayoutEffect, useRef } from "react";
import { inTextField } from "./use-undo-keys";

type Actions = {
  /** Whether the draft can be edited (copy, paste, add and tidy need it). */
  editable: boolean;
  fullScreen: boolean;
  copy: () => boolean;
  paste: () => void;
  selectAll: () => void;
  addStep: () => void;
  tidy: () => void;
  toggleFullScreen: () => void;
  exitFullScreen: () => void;
  showShortcuts: () => void;
};

/**
 * Whether the event belongs to an open dialog or menu, or to a control that takes letters itself
 * (a select's type-ahead, a switch): they handle their own keys, Esc first.
 */
const OWN_KEYS = "[role=dialog], [role=alertdialog], [role=menu], [role=listbox], [role=combobox], [role=switch], [role=checkbox], [role=tablist], [role=slider]";
const inOverlay = (target: EventTarget | null) => target instanceof Element && target.closest(OWN_KEYS) !== null;

/**
 * The canvas's keyboard shortcuts (listed in the shortcuts sheet): copy, paste and select all
 * with Ctrl/⌘, N to add a step, Shift+Alt+T to tidy up, F for full screen and Esc to leave it,
 * ? for the sheet. Never inside a text field or an open dialog, and copy leaves selected page
 * text to the browser. Undo and redo are use-undo-keys.ts.
 */
export function useCanvasKeys(actions: Actions) {
  const latest = useRef(actions);
  useLayoutEffect(() => {
    latest.current = actions;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || inTextField(e.target) || inOverlay(e.target)) return;
      const a = latest.current;
      const key = e.key.toLowerCase();
      const mod = (e.ctrlKey || e.metaKey) && !e.altKey;
      if (mod && !e.shiftKey && key === "c") {
        if (!a.editable || (window.getSelection()?.toString() ?? "") !== "" || !a.copy()) return;
      } else if (mod && !e.shiftKey && key === "v" && a.editable) a.paste();
      else if (mod && !e.shiftKey && key === "a") a.selectAll();
      else if (e.ctrlKey || e.metaKey) return;
      else if (e.key === "?") a.showShortcuts();
      else if (e.key === "Escape" && a.fullScreen) a.exitFullScreen();
      else if (e.shiftKey && e.altKey && e.code === "KeyT" && a.editable) a.tidy();
      else if (e.altKey || e.shiftKey) return;
      else if (key === "n" && a.editable) a.addStep();
      else if (key === "f") a.toggleFullScreen();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
