/* What every view needs: the translator, the agent's locale, the API, the signed-in agent,
 * the desk dispatcher and a way to tell the agent something. */
import { createContext, useContext } from "./vendor/preact-htm.js";

export const Desk = createContext(null);
export const useDesk = () => useContext(Desk);
