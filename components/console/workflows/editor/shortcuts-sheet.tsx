"use client";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/** Every shortcut of the editor, as the sheet ("?") lists them. "Mod" is ⌘ on a Mac and Ctrl elsewhere. */
export const SHORTCUTS: Array<{ keys: string[][]; action: string }> = [
  { keys: [["Mod", "Z"]], action: "Undo" },
  { keys: [["Shift", "Mod", "Z"], ["Ctrl", "Y"]], action: "Redo" },
  { keys: [["Mod", "C"]], action: "Copy the selected steps" },
  { keys: [["Mod", "V"]], action: "Paste (fresh ids, connections between the copies kept)" },
  { keys: [["Mod", "A"]], action: "Select every step" },
  { keys: [["Delete"], ["Backspace"]], action: "Delete the selected steps or connection" },
  { keys: [["Mod", "Click"]], action: "Add a step to the selection" },
  { keys: [["Shift", "Drag"]], action: "Select the steps in a box" },
  { keys: [["N"]], action: "Add a step" },
  { keys: [["Shift", "Alt", "T"]], action: "Tidy up the layout" },
  { keys: [["F"]], action: "Full screen on or off" },
  { keys: [["Esc"]], action: "Leave full screen, close a dialog" },
  { keys: [["?"]], action: "This list" },
];

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsSheet({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const mod = isMac() ? "⌘" : "Ctrl";
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>On the canvas, outside text fields.</DialogDescription>
        </DialogHeader>
        <table className="w-full text-sm">
          <tbody>
            {SHORTCUTS.map(({ keys, action }) => (
              <tr key={action} className="border-b last:border-0">
                <td className="py-1.5 pr-3">{action}</td>
                <td className="whitespace-nowrap py-1.5 text-right">
                  {keys.map((combo, i) => (
                    <span key={combo.join("+")}>
                      {i > 0 && <span className="px-1 text-xs text-muted-foreground">or</span>}
                      {combo.map((k) => (
                        <kbd key={k} className="ml-1 rounded border bg-muted px-1.5 py-0.5 font-mono text-[11px]">
                          {k === "Mod" ? mod : k}
                        </kbd>
                      ))}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </DialogContent>
    </Dialog>
  );
}
