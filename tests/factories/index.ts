// Factories for tests: organisations and people of every role, signed in without the form.
export * from "./organisations";
export * from "./users";
export * from "./procurements";
export * from "./tenders";
