export { baselineMu, type BaselineOptions, type BaselineResult } from "./mu.js";
export { baselineMuCsr, type BaselineCsr } from "./mu-csr.js";
