//! The engine's sorts, each one instance of the standard library's.
//!
//! Every call site of `sort_by` with its own closure or element type adds a
//! copy of the whole sort (about 4 KB of wasm each). Orderings here go
//! through lead or item indices and a comparator behind `dyn`, so the wasm
//! carries one stable sort and one unstable sort for all of them.

use std::cmp::Ordering;

/// Sorts indices by `cmp`, stably (ties keep their current order).
pub fn indices_by(v: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    v.sort_by(|a, b| cmp(*a, *b));
}

/// Sorts instants (or any i64), ascending.
pub fn times(v: &mut [i64]) {
    v.sort_unstable();
}

/// Sorts any slice by `cmp`, stably, through an index permutation.
pub fn items_by<T: Clone>(v: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    indices_by(&mut order, &|a, b| cmp(&v[a as usize], &v[b as usize]));
    *v = order.into_iter().map(|i| v[i as usize].clone()).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_are_stable_and_ordered() {
        let keys = [3, 1, 3, 0, 1];
        let mut v: Vec<u32> = (0..5).collect();
        indices_by(&mut v, &|a, b| keys[a as usize].cmp(&keys[b as usize]));
        assert_eq!(v, [3, 1, 4, 0, 2]);
        let mut t = vec![5, -1, 3, 3, 0];
        times(&mut t);
        assert_eq!(t, [-1, 0, 3, 3, 5]);
        let mut pairs = vec![("b", 2), ("a", 9), ("b", 1), ("a", 1)];
        items_by(&mut pairs, &|x, y| x.0.cmp(y.0));
        assert_eq!(pairs, [("a", 9), ("a", 1), ("b", 2), ("b", 1)]);
    }
}
