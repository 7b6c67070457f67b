// Parse a GEXF file with graphology-gexf (the reader of Gephi Lite) and print a JSON summary:
// counts, graph type, the JS type of every attribute, and every node's and edge's attributes.
// Usage: node parse.mjs FILE.gexf
import {readFileSync} from 'node:fs';
import Graph from 'graphology';
import gexf from 'graphology-gexf';

const file = process.argv[2];
if (!file) {
  console.error('usage: node parse.mjs FILE.gexf');
  process.exit(2);
}
const graph = gexf.parse(Graph, readFileSync(file, 'utf-8'));

const types = {node: {}, edge: {}};
const note = (kind, attributes) => {
  for (const [name, value] of Object.entries(attributes)) {
    const seen = (types[kind][name] ??= []);
    if (!seen.includes(typeof value)) seen.push(typeof value);
  }
};
const nodes = {};
graph.forEachNode((id, attributes) => {
  note('node', attributes);
  nodes[id] = attributes;
});
const edges = {};
graph.forEachEdge((id, attributes, source, target) => {
  note('edge', attributes);
  edges[id] = {source, target, attributes};
});
for (const kind of ['node', 'edge']) for (const seen of Object.values(types[kind])) seen.sort();

console.log(JSON.stringify({
  order: graph.order,
  size: graph.size,
  type: graph.type,
  multi: graph.multi,
  meta: graph.getAttributes(),
  types,
  nodes,
  edges,
}));
