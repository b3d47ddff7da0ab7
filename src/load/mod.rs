pub mod content;
pub mod data;
pub mod document;
pub mod reference;
pub mod source;
pub mod static_files;
pub mod translations;
pub mod yaml;
