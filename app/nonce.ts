// The request's CSP nonce, handed from the server entry to the components that render scripts.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
