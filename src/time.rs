//! Dates and times as the portal's editors write them: local Europe/Rome times, never a silent
//! guess across a daylight-saving change, and Italian wording for people.

use std::fmt;
use std::sync::OnceLock;

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};

/// The programme's time zone: every date in the data and front matter is a local time here.
pub const TIME_ZONE_NAME: &str = "Europe/Rome";

/// The time zone, from the tz database compiled into the binary so that builds do not depend
/// on the machine's copy.
pub fn rome() -> &'static TimeZone {
    static ROME: OnceLock<TimeZone> = OnceLock::new();
    ROME.get_or_init(|| {
        TimeZone::get(TIME_ZONE_NAME).expect("Europe/Rome is in the bundled tz database")
    })
}

/// A local date, or date and time, in Europe/Rome with its resolved UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDateTime {
    pub civil: DateTime,
    pub offset: Offset,
    /// `false` for a date written without a time (`2025-12-04`).
    pub has_time: bool,
}

/// Why a written date-time was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("`{0}` is not a date")]
    Malformed(String),
    #[error("{0} does not exist in Italy: the clocks jump forward that night")]
    Nonexistent(String),
    #[error("{0} happens twice in Italy: the clocks go back that night")]
    Ambiguous(String),
    /// An explicit offset that is not Italy's at that moment (`+05:00`, `Z`): the data is in
    /// Italian time, and an offset serves only to pick one of the two times of the autumn night.
    #[error("`{written}` has the offset {offset}, but Italy's offset then is {italian}")]
    ForeignOffset {
        written: String,
        offset: String,
        italian: String,
    },
}

impl TimeError {
    /// What to write instead.
    pub fn help(&self) -> &'static str {
        match self {
            TimeError::Malformed(_) => {
                "write a date as 2025-12-04, or a date and time as 2025-12-04T10:00"
            }
            TimeError::Nonexistent(_) => "choose a time before 02:00 or from 03:00 on",
            TimeError::Ambiguous(_) => {
                "choose a time outside 02:00–03:00, or add the offset: +02:00 for the first, +01:00 for the second"
            }
            TimeError::ForeignOffset { .. } => {
                "write the Italian local time without an offset (2025-12-04T10:00)"
            }
        }
    }
}

/// The date that splits upcoming from past events: `explicit` (`--date`), else
/// `SOURCE_DATE_EPOCH` (reproducible builds), else today in Italy. Built pages say which date
/// they were built for.
pub fn reference_date(explicit: Option<Date>) -> Result<Date, String> {
    if let Some(date) = explicit {
        return Ok(date);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds"))?;
        let timestamp = jiff::Timestamp::from_second(seconds)
            .map_err(|_| format!("SOURCE_DATE_EPOCH=`{epoch}` is out of range"))?;
        return Ok(timestamp.to_zoned_datetime(rome().clone()).date());
    }
    Ok(jiff::Timestamp::now()
        .to_zoned_datetime(rome().clone())
        .date())
}

/// The help for a [`TimeError`] message that reached us as text (through serde).
pub fn help_for_message(message: &str) -> Option<&'static str> {
    let kind = if message.ends_with("is not a date") {
        TimeError::Malformed(String::new())
    } else if message.contains("does not exist in Italy") {
        TimeError::Nonexistent(String::new())
    } else if message.contains("happens twice in Italy") {
        TimeError::Ambiguous(String::new())
    } else if message.contains("but Italy's offset then is") {
        TimeError::ForeignOffset {
            written: String::new(),
            offset: String::new(),
            italian: String::new(),
        }
    } else {
        return None;
    };
    Some(kind.help())
}

/// Dates in YAML are read as text and checked as they are read, so a bad one is reported at
/// its place in the file like any other type error.
impl<'de> serde::Deserialize<'de> for LocalDateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        LocalDateTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Written back as [`LocalDateTime::written`]: a date alone, or RFC 3339.
impl serde::Serialize for LocalDateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written())
    }
}

impl LocalDateTime {
    /// Parses `2025-12-04`, `2025-12-04T10:00[:00]`, `2025-12-04 10:00` (local Rome time) or a
    /// date-time with an explicit offset (`2025-10-26T02:30:00+01:00`).
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        let text = text.trim();
        let malformed = || TimeError::Malformed(text.to_owned());
        // Only the extended form with dashes: jiff also reads `20260115` (ISO 8601's basic
        // form), which an editor means as no date at all.
        if text.as_bytes().get(4) != Some(&b'-') || text.as_bytes().get(7) != Some(&b'-') {
            return Err(malformed());
        }
        if text.len() == 10 {
            let date: Date = text.parse().map_err(|_| malformed())?;
            return Self::from_civil(date.to_datetime(jiff::civil::Time::midnight()), false, text);
        }
        if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
            return Self::from_offset_time(timestamp, text);
        }
        let civil: DateTime = text.parse().map_err(|_| malformed())?;
        Self::from_civil(civil, true, text)
    }

    /// A time written with its offset, which must be Italy's at that instant.
    fn from_offset_time(timestamp: jiff::Timestamp, text: &str) -> Result<Self, TimeError> {
        let local = Self::from_timestamp(timestamp);
        let written = jiff::fmt::temporal::Pieces::parse(text)
            .map_err(|_| TimeError::Malformed(text.to_owned()))?;
        let offset = match written.offset() {
            Some(jiff::fmt::temporal::PiecesOffset::Numeric(numeric)) => numeric.offset(),
            _ => jiff::tz::Offset::UTC,
        };
        if offset != local.offset {
            return Err(TimeError::ForeignOffset {
                written: text.to_owned(),
                offset: offset_text(offset),
                italian: offset_text(local.offset),
            });
        }
        Ok(local)
    }

    /// The Italian local time of an instant.
    pub fn from_timestamp(timestamp: jiff::Timestamp) -> Self {
        let zoned = timestamp.to_zoned_datetime(rome().clone());
        LocalDateTime {
            civil: zoned.datetime(),
            offset: zoned.offset(),
            has_time: true,
        }
    }

    fn from_civil(civil: DateTime, has_time: bool, text: &str) -> Result<Self, TimeError> {
        match rome().to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => Ok(LocalDateTime {
                civil,
                offset,
                has_time,
            }),
            AmbiguousOffset::Gap { .. } => Err(TimeError::Nonexistent(text.to_owned())),
            AmbiguousOffset::Fold { .. } => Err(TimeError::Ambiguous(text.to_owned())),
        }
    }

    pub fn timestamp(&self) -> jiff::Timestamp {
        self.offset
            .to_timestamp(self.civil)
            .expect("a civil time within jiff's range with a real offset")
    }

    pub fn date(&self) -> Date {
        self.civil.date()
    }

    /// RFC 3339 with the local offset: `2025-12-04T10:00:00+01:00`.
    pub fn rfc3339(&self) -> String {
        format!(
            "{}{}",
            self.civil.strftime("%Y-%m-%dT%H:%M:%S"),
            self.offset_text()
        )
    }

    /// As templates receive it: `2025-12-04` for a date alone, RFC 3339 for a date and time.
    /// [`LocalDateTime::parse`] reads both back, so filters know whether a time was written.
    pub fn written(&self) -> String {
        if self.has_time {
            self.rfc3339()
        } else {
            self.date().to_string()
        }
    }

    fn offset_text(&self) -> String {
        offset_text(self.offset)
    }
}

/// An offset as RFC 3339 writes it: `+01:00`.
fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

impl PartialOrd for LocalDateTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for LocalDateTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.timestamp().cmp(&other.timestamp())
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// Italian weekday names, from Monday.
pub const WEEKDAYS_IT: [&str; 7] = [
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
];
const MONTHS_IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// The Italian name of a month (1-12).
pub fn month_name_it(month: i8) -> &'static str {
    MONTHS_IT[(month.clamp(1, 12) - 1) as usize]
}

/// "4 dicembre 2025".
pub fn date_it(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name_it(date.month()),
        date.year()
    )
}

/// "giovedì 4 dicembre 2025".
pub fn weekday_date_it(date: Date) -> String {
    let weekday = WEEKDAYS_IT[date.weekday().to_monday_zero_offset() as usize];
    format!("{weekday} {}", date_it(date))
}

/// "giovedì 4 dicembre 2025, ore 10:00" (or just the date when no time was written).
pub fn date_time_it(moment: &LocalDateTime) -> String {
    let date = weekday_date_it(moment.date());
    if moment.has_time {
        format!("{date}, ore {}", moment.civil.strftime("%H:%M"))
    } else {
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_only_is_midnight_local() {
        let date = LocalDateTime::parse("2025-12-04").unwrap();
        assert!(!date.has_time);
        assert_eq!(date.rfc3339(), "2025-12-04T00:00:00+01:00");
    }

    #[test]
    fn summer_time_has_plus_two() {
        let moment = LocalDateTime::parse("2026-06-10T10:30").unwrap();
        assert_eq!(moment.rfc3339(), "2026-06-10T10:30:00+02:00");
    }

    #[test]
    fn nonexistent_and_ambiguous_times_are_refused() {
        assert!(matches!(
            LocalDateTime::parse("2026-03-29T02:30"),
            Err(TimeError::Nonexistent(_))
        ));
        assert!(matches!(
            LocalDateTime::parse("2025-10-26T02:30"),
            Err(TimeError::Ambiguous(_))
        ));
    }

    #[test]
    fn explicit_offset_settles_the_ambiguous_hour() {
        let second = LocalDateTime::parse("2025-10-26T02:30:00+01:00").unwrap();
        assert_eq!(second.rfc3339(), "2025-10-26T02:30:00+01:00");
    }

    #[test]
    fn an_offset_must_be_italys_at_that_moment() {
        assert!(LocalDateTime::parse("2026-01-15T10:00:00+01:00").is_ok());
        assert!(LocalDateTime::parse("2026-07-15T10:00:00+02:00").is_ok());
        for text in [
            "2026-01-15T10:00:00+05:00",
            "2026-01-15T09:00:00Z",
            "2026-07-15T10:00:00+01:00",
        ] {
            assert!(
                matches!(
                    LocalDateTime::parse(text),
                    Err(TimeError::ForeignOffset { .. })
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_dates_are_refused() {
        for text in [
            "tomorrow",
            "2025-13-01",
            "04/12/2025",
            "",
            "20260115",
            "20260115T1000",
        ] {
            assert!(
                matches!(LocalDateTime::parse(text), Err(TimeError::Malformed(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn italian_wording() {
        let kickoff = LocalDateTime::parse("2025-12-04T10:00").unwrap();
        assert_eq!(date_time_it(&kickoff), "giovedì 4 dicembre 2025, ore 10:00");
    }
}
