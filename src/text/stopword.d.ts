// The `stopword` package ships no types: each language's list is a named export (ISO 639-3 code).
declare module "stopword" {
  const lists: Record<string, readonly string[] | undefined>;
  export = lists;
}
