//! Score decay: how much of a lead's positive behavioral points survive
//! `days` whole days after its last engagement.

use crate::model::Decay;

/// The multiplier for positive behavioral points `days` after the last
/// engagement (SPEC 3: 1 up to 30 days, 0.75 to 60, 0.5 to 90, then 0).
pub fn factor(decay: &Decay, days: i64) -> f64 {
    let days = days.max(0);
    match decay {
        Decay::None => 1.0,
        Decay::Steps { steps, after } => steps
            .iter()
            .find(|s| days <= i64::from(s.max_days))
            .map_or(*after, |s| s.factor),
        Decay::HalfLife { days: half } => 0.5f64.powf(days as f64 / half),
    }
}

/// The last day on which engagement still counts at all, if there is one:
/// an instant-MQL event older than this no longer qualifies a lead.
pub fn horizon(decay: &Decay) -> Option<i64> {
    match decay {
        Decay::Steps { steps, after } if *after == 0.0 => steps.last().map(|s| i64::from(s.max_days)),
        _ => None,
    }
}

/// Positive points after decay, rounded down to a whole point.
pub fn apply(points: i32, factor: f64) -> i32 {
    (f64::from(points) * factor).floor() as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    #[test]
    fn seed_steps_at_their_boundaries() {
        let d = Model::seed_example().decay;
        let at = |days| factor(&d, days);
        assert_eq!((at(0), at(30), at(31), at(60), at(61), at(90), at(91)), (1.0, 1.0, 0.75, 0.75, 0.5, 0.5, 0.0));
        assert_eq!(horizon(&d), Some(90));
        assert_eq!(apply(15, 0.75), 11);
    }

    #[test]
    fn half_life_halves() {
        let d = Decay::HalfLife { days: 30.0 };
        assert_eq!(factor(&d, 30), 0.5);
        assert_eq!(factor(&d, 60), 0.25);
        assert_eq!(horizon(&d), None);
    }
}
