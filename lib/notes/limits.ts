// How long a note may be: the API refuses more (lib/notes/notes.ts), the composer stops there.
export const NOTE_MAX_LENGTH = 5000;
