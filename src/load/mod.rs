pub mod content;
pub mod source;
pub mod static_files;
pub mod translations;
pub mod yaml;
