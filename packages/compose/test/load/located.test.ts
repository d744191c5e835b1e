import { cloneLocated, metaOf, setMeta, walkPath } from '../../src/load/located';

const pos = (line: number) => ({ file: 'f.yaml', line, column: 1 });

function tree() {
  const inner = ['a', 'b'];
  setMeta(inner, { self: pos(3), entries: new Map([[0, { value: pos(3) }], [1, { value: pos(4) }]]) });
  const root = { list: inner, name: 'x' };
  setMeta(root, { self: pos(1), entries: new Map<string | number, { key?: ReturnType<typeof pos>; value: ReturnType<typeof pos> }>([['list', { key: pos(2), value: pos(3) }], ['name', { key: pos(5), value: pos(5) }]]) });
  return root;
}

describe('walkPath', () => {
  it('finds the entry of a nested list item', () => {
    expect(walkPath(tree(), ['list', 1])).toMatchObject({ entry: { value: pos(4) }, complete: true });
  });

  it('stops at the nearest ancestor for a path that does not exist', () => {
    expect(walkPath(tree(), ['list', 7])).toMatchObject({ entry: { value: pos(3) }, complete: false });
    expect(walkPath(tree(), ['name', 'deeper'])).toMatchObject({ entry: { value: pos(5) }, complete: false });
  });
});

describe('cloneLocated', () => {
  it('copies values and positions without sharing containers', () => {
    const t = tree();
    const c = cloneLocated(t);
    expect(c).toEqual(t);
    expect(c.list).not.toBe(t.list);
    expect(metaOf(c.list)?.entries.get(1)?.value).toEqual(pos(4));
  });
});
