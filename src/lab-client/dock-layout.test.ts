/**
 * Where the lab sits: docked on wide windows unless the student chose inline, a sheet on phones whatever was
 * chosen, and a dock width that always leaves room for both the text and the lab.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clampDockWidth,
  dockMode,
  dockWidth,
  MIN_DOCK_WIDTH,
  MIN_TEXT_WIDTH,
  saveDockMode,
  saveDockWidth,
} from './dock-layout';
import { memoryStorage } from './testing/memory-storage';
import { throwingStorage } from './testing/throwing-storage';

describe('dock layout', () => {
  it('docks a wide window, keeps a narrower desktop inline, and makes a phone a sheet', () => {
    assert.equal(dockMode(1400, undefined), 'docked');
    assert.equal(dockMode(1100, undefined), 'inline');
    assert.equal(dockMode(390, undefined), 'sheet');
  });

  it('remembers the student’s choice on desktop, but a phone is always a sheet', () => {
    const storage = memoryStorage();
    saveDockMode(storage, 'inline');
    assert.equal(dockMode(1400, storage), 'inline');
    saveDockMode(storage, 'docked');
    assert.equal(dockMode(1100, storage), 'docked');
    assert.equal(dockMode(390, storage), 'sheet');
  });

  it('keeps the dock between its minimum and what leaves the text its room', () => {
    assert.equal(clampDockWidth(100, 1400), MIN_DOCK_WIDTH);
    assert.equal(clampDockWidth(5000, 1400), 1400 - MIN_TEXT_WIDTH);
    assert.equal(dockWidth(1400, undefined), Math.round(1400 * 0.46));
    const storage = memoryStorage();
    saveDockWidth(storage, 700);
    assert.equal(dockWidth(1400, storage), 700);
    assert.equal(dockWidth(1000, storage), 1000 - MIN_TEXT_WIDTH, 'a saved width is clamped to a smaller window');
    storage.setItem('socketlab:lab-dock-width', 'wide');
    assert.equal(dockWidth(1400, storage), Math.round(1400 * 0.46), 'a damaged value falls back to the default');
  });

  it('works when storage throws', () => {
    assert.equal(dockMode(1400, throwingStorage), 'docked');
    saveDockMode(throwingStorage, 'inline');
    saveDockWidth(throwingStorage, 600);
  });
});
