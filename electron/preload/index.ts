/**
 * Preload entry, bundled to dist/electron/preload.cjs for a sandboxed renderer: it may
 * require `electron` and nothing else. The build replaces the contract import with the
 * plain name lists (no zod in the preload); the lists themselves come from the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, EVENT_NAMES } from '../../shared/api/contract';
import { exposeDocket } from './bridge';

exposeDocket(contextBridge, ipcRenderer, CHANNELS, EVENT_NAMES);
