import { existsSync } from 'fs';

/**
 * The data pack the tests read: DATA_DIR (jest.preset.js sets it, default ../shared/data beside the
 * checkout). Throws, naming the path, when it is not there: a test that needs real data fails with
 * that message and never skips.
 */
export function dataPackDir(): string {
  const dir = process.env.DATA_DIR;
  if (!dir || !existsSync(`${dir}/admin_boundaries`)) {
    throw new Error(
      `the data pack is not at ${dir ?? '(DATA_DIR unset)'}: put it at ../shared/data beside the checkout or set DATA_DIR (README.md, "The data pack")`,
    );
  }
  return dir;
}

/** The public standards' schemas and example frames (../shared/standards beside the data pack; jest.preset.js sets STANDARDS_DIR). Throws naming the path when absent. */
export function standardsDir(): string {
  const dir = process.env.STANDARDS_DIR;
  if (!dir || !existsSync(`${dir}/gb26875_example_frames.json`)) {
    throw new Error(`the standards are not at ${dir ?? '(STANDARDS_DIR unset)'}: they sit beside the data pack (../shared/standards)`);
  }
  return dir;
}
