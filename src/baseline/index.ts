export { baselineMu, type BaselineOptions, type BaselineResult } from "./mu.js";
