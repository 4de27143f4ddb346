/** Patterns of the key parts in global IDs (see SourceModule.ids), shared by the source modules. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const INT = /^\d{1,18}$/;
export const EMAIL = /^[^\s@/]+@[^\s@/]+$/;
