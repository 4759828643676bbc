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

/// A sorted copy of `v` in `f64::total_cmp` order, through the i64 sort:
/// the same bit trick `total_cmp` uses maps that order onto i64's.
pub fn numbers(v: &[f64]) -> Vec<f64> {
    let flip = |b: i64| b ^ (((b >> 63) as u64) >> 1) as i64;
    let mut keys: Vec<i64> = v.iter().map(|x| flip(x.to_bits() as i64)).collect();
    times(&mut keys);
    keys.into_iter().map(|k| f64::from_bits(flip(k) as u64)).collect()
}

/// Sorts a slice by an i64 key, stably, through an index permutation; a
/// slice already in order (the usual case) is left as it is.
pub fn slice_by_key<T: Copy>(v: &mut [T], key: &dyn Fn(&T) -> i64) {
    if v.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    indices_by(&mut order, &|a, b| key(&v[a as usize]).cmp(&key(&v[b as usize])));
    let sorted: Vec<T> = order.iter().map(|&i| v[i as usize]).collect();
    v.copy_from_slice(&sorted);
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
        let xs = [2.5, -0.0, f64::NAN, 0.0, -7.0, f64::INFINITY, -f64::NAN, 1e-300];
        let mut want = xs.to_vec();
        want.sort_by(f64::total_cmp);
        let got = numbers(&xs);
        assert_eq!(got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
        let mut ev = [(5, 'a'), (1, 'b'), (5, 'c'), (0, 'd'), (1, 'e')];
        slice_by_key(&mut ev, &|e| e.0);
        assert_eq!(ev, [(0, 'd'), (1, 'b'), (1, 'e'), (5, 'a'), (5, 'c')]);
    }
}
