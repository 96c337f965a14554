/**
 * `npm start`: builds what is stale and launches the Electron app on the built-in demo.
 * Where no Electron binary is installed (it cannot be downloaded everywhere), says so and
 * runs web mode instead. Takes the same options as `npm run web`.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { buildIfNeeded } from './build';
import { launchArgsOrExit, type LaunchArgs } from './cli-args';
import { findElectronBinary } from './electron-binary';
import { ROOT } from './paths';
import { runWeb, startBackend, untilSignalled } from './web';

export async function start(args: LaunchArgs): Promise<number> {
  const electron = findElectronBinary(ROOT);
  if (!electron.ok) {
    console.log(`No Electron binary is installed here: ${electron.reason}.`);
    console.log('Running Docket in web mode instead (the same console, in your browser).\n');
    await runWeb(args);
    return 0;
  }
  await buildIfNeeded({ renderer: true, electron: true });
  const backend = await startBackend(args);
  console.log(`Launching Docket (Electron), signed in as ${backend.who}…`);
  const child = spawn(electron.path, [ROOT], {
    cwd: ROOT,
    stdio: 'inherit',
    // The shell reads its service from these (electron/main/config.ts) and drops the token.
    env: { ...process.env, DOCKET_SERVER_URL: backend.serverUrl, DOCKET_TOKEN: backend.token, DOCKET_DB_PATH: backend.dbPath },
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
  const code = await Promise.race([exited, untilSignalled().then(() => (child.kill('SIGTERM'), exited))]);
  await backend.close();
  return code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = launchArgsOrExit(process.argv.slice(2), 'npm start');
  start(args).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
