/** Indices of the entries of each label (a site, a cluster), labels in order of first appearance. */
export function groupIndices<K>(labels: ArrayLike<K>): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const indices = groups.get(labels[i]);
    if (indices) indices.push(i);
    else groups.set(labels[i], [i]);
  }
  return groups;
}
