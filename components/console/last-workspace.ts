// Remembered in a cookie so that `/` reopens the workspace the user was last in.
// (A plain module: server code reads the name too, and "use client" exports are references.)
export const LAST_WORKSPACE_COOKIE = "ar_last_ws";
