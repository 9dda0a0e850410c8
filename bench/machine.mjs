// What the numbers were measured on: recorded at the start of a run, load average again at the end.
import os from "node:os";

export function machineInfo() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model?.trim() ?? "unknown CPU",
    cores: cpus.length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadAverage: os.loadavg(),
  };
}

export const formatLoad = (load) => load.map((x) => x.toFixed(2)).join(" / ");
