//! Quantities and times as Italians write them, for the views.

use crate::time::{LocalDateTime, date_it, date_time_it};

/// "2 ore", "1 ora e 30 minuti", "45 minuti".
pub fn duration_it(minutes: u64) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let hours_text = match hours {
        0 => String::new(),
        1 => "1 ora".to_owned(),
        n => format!("{n} ore"),
    };
    match (hours, rest) {
        (0, m) => format!("{m} minuti"),
        (_, 0) => hours_text,
        (_, m) => format!("{hours_text} e {m} minuti"),
    }
}

/// "giovedì 4 dicembre 2025, ore 10:00–12:00"; across days, both ends in full.
pub fn when_it(start: &LocalDateTime, end: Option<&LocalDateTime>) -> String {
    match end {
        Some(end) if start.has_time && end.date() == start.date() => {
            format!("{}–{}", date_time_it(start), end.civil.strftime("%H:%M"))
        }
        Some(end) if start.has_time => format!("{} – {}", date_time_it(start), date_time_it(end)),
        Some(end) => format!("{} – {}", date_it(start.date()), date_it(end.date())),
        None => date_time_it(start),
    }
}

/// "1,2 MB", "850 kB", "312 byte": sizes as Italians write them (decimal units).
pub fn size_it(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} byte"),
        1_000..1_000_000 => format!("{} kB", italian_decimal(bytes as f64 / 1_000.0, 0)),
        _ => format!("{} MB", italian_decimal(bytes as f64 / 1_000_000.0, 1)),
    }
}

/// A number with a decimal comma: `italian_decimal(12.345, 1)` → "12,3".
pub fn italian_decimal(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_italian_way() {
        assert_eq!(size_it(312), "312 byte");
        assert_eq!(size_it(850_400), "850 kB");
        assert_eq!(size_it(1_234_567), "1,2 MB");
    }

    #[test]
    fn a_meeting_reads_as_one_phrase() {
        let start = LocalDateTime::parse("2025-12-04T10:00").unwrap();
        let end = LocalDateTime::parse("2025-12-04T12:00").unwrap();
        assert_eq!(
            when_it(&start, Some(&end)),
            "giovedì 4 dicembre 2025, ore 10:00–12:00"
        );
        let deadline = LocalDateTime::parse("2026-09-30").unwrap();
        assert_eq!(when_it(&deadline, None), "mercoledì 30 settembre 2026");
    }
}
