// What staff are told before the bids are opened (pages and the seal's refusals say the same).
export const SEALED_MESSAGE = "Bids are sealed until they are opened";
