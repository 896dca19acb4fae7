import * as assert from 'assert';
import { modelItems } from '../../../src/commands/modelItems';

describe('modelItems', () => {
  const models = [
    { id: 'old', display_name: 'Old', created_at: '2025-01-01T00:00:00Z' },
    { id: 'new', display_name: 'New', created_at: '2026-06-01T00:00:00Z' },
    { id: 'mid', created_at: '2026-01-01T00:00:00Z' },
  ];

  it('puts the current model first with a tick, then the rest newest first', () => {
    const items = modelItems(models, 'old');
    assert.deepStrictEqual(items.map((i) => [i.modelId, i.label, i.description]), [
      ['old', '$(check) Old', 'old · current'],
      ['new', 'New', 'new'],
      ['mid', 'mid', 'mid'],
    ]);
  });

  it('keeps a current model the API does not list (a gateway alias), marked as such', () => {
    const items = modelItems(models, 'my-alias');
    assert.deepStrictEqual(items[0], { modelId: 'my-alias', label: '$(check) my-alias', description: 'current · not listed by /v1/models' });
    assert.deepStrictEqual(items.slice(1).map((i) => i.modelId), ['new', 'mid', 'old']);
  });

  it('adds nothing when no model is set', () => {
    assert.deepStrictEqual(modelItems(models, '').map((i) => i.modelId), ['new', 'mid', 'old']);
  });
});
