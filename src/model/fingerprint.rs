//! A hash of what a value serialises to, written straight into the hasher (no text is made):
//! how the preview tells which records and views an edit changed.

use std::hash::Hasher;

use serde::Serialize;

/// Feeds what serde_json writes to a hasher.
struct Hashing(std::collections::hash_map::DefaultHasher);

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The same for values that serialise the same, within one run of the program.
pub fn fingerprint(value: &impl Serialize) -> u64 {
    let mut hashing = Hashing(std::collections::hash_map::DefaultHasher::new());
    // The model and the views serialise without failing (no map has non-string keys), and
    // this writer never fails: an error could only leave the hash of what was written.
    let _ = serde_json::to_writer(&mut hashing, value);
    hashing.0.finish()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::fingerprint;

    #[test]
    fn equal_values_hash_alike_and_a_changed_field_does_not() {
        let event = json!({ "id": "kick-off", "location": "sala 1" });
        assert_eq!(fingerprint(&event), fingerprint(&event.clone()));
        let moved = json!({ "id": "kick-off", "location": "sala 2" });
        assert_ne!(fingerprint(&event), fingerprint(&moved));
        // A slice hashes as the array of its items.
        assert_eq!(
            fingerprint(&[event.clone(), moved.clone()]),
            fingerprint(&json!([event, moved]))
        );
    }
}
