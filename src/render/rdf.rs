//! A small RDF graph written both as Turtle and as JSON-LD. The open data catalogue is built
//! once as triples and serialised twice, so its two files cannot say different things.
//! Nodes and properties keep the order they were added in: output is byte-identical.

use serde_json::{Map, Value, json};

/// Where a property points: a resource (IRI), a blank node, or a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Iri(String),
    Blank(String),
    /// A literal with an optional datatype (prefixed name, e.g. `xsd:date`) or language tag.
    Literal {
        value: String,
        datatype: Option<&'static str>,
        language: Option<&'static str>,
    },
}

/// One subject with its types (prefixed names) and properties (prefixed name, object).
#[derive(Debug, Clone)]
pub struct Node {
    subject: Object,
    types: Vec<&'static str>,
    properties: Vec<(&'static str, Object)>,
}

impl Node {
    pub fn iri(&mut self, property: &'static str, iri: impl Into<String>) -> &mut Self {
        self.properties.push((property, Object::Iri(iri.into())));
        self
    }

    pub fn blank(&mut self, property: &'static str, label: &str) -> &mut Self {
        self.properties
            .push((property, Object::Blank(label.to_owned())));
        self
    }

    /// A string in a natural language (`"…"@it`).
    pub fn text(
        &mut self,
        property: &'static str,
        value: &str,
        language: &'static str,
    ) -> &mut Self {
        self.literal(property, value, None, Some(language))
    }

    /// A literal of an XML Schema datatype (`"2026-11-26"^^xsd:date`).
    pub fn typed(
        &mut self,
        property: &'static str,
        value: &str,
        datatype: &'static str,
    ) -> &mut Self {
        self.literal(property, value, Some(datatype), None)
    }

    /// A plain string, for codes and identifiers that belong to no language.
    pub fn plain(&mut self, property: &'static str, value: &str) -> &mut Self {
        self.literal(property, value, None, None)
    }

    fn literal(
        &mut self,
        property: &'static str,
        value: &str,
        datatype: Option<&'static str>,
        language: Option<&'static str>,
    ) -> &mut Self {
        let object = Object::Literal {
            value: value.to_owned(),
            datatype,
            language,
        };
        self.properties.push((property, object));
        self
    }
}

/// Prefixes (name, namespace) and nodes.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    prefixes: Vec<(&'static str, &'static str)>,
    nodes: Vec<Node>,
}

impl Graph {
    pub fn new(prefixes: &[(&'static str, &'static str)]) -> Graph {
        Graph {
            prefixes: prefixes.to_vec(),
            nodes: Vec::new(),
        }
    }

    /// Adds the resource `iri` with `types`, or adds the types to it if it is already there
    /// (a shared node such as a licence is described once).
    pub fn resource(&mut self, iri: &str, types: &[&'static str]) -> &mut Node {
        self.node(Object::Iri(iri.to_owned()), types)
    }

    pub fn blank_node(&mut self, label: &str, types: &[&'static str]) -> &mut Node {
        self.node(Object::Blank(label.to_owned()), types)
    }

    fn node(&mut self, subject: Object, types: &[&'static str]) -> &mut Node {
        let index = match self.nodes.iter().position(|n| n.subject == subject) {
            Some(index) => index,
            None => {
                self.nodes.push(Node {
                    subject,
                    types: Vec::new(),
                    properties: Vec::new(),
                });
                self.nodes.len() - 1
            }
        };
        let node = &mut self.nodes[index];
        for kind in types {
            if !node.types.contains(kind) {
                node.types.push(kind);
            }
        }
        node
    }

    /// Turtle (RDF 1.1): prefixes, then one block per subject.
    pub fn to_turtle(&self) -> String {
        let mut out = String::new();
        for (name, namespace) in &self.prefixes {
            out.push_str(&format!("@prefix {name}: <{}> .\n", escape_iri(namespace)));
        }
        for node in &self.nodes {
            let mut statements = Vec::new();
            if !node.types.is_empty() {
                statements.push(format!("a {}", node.types.join(", ")));
            }
            for (property, object) in &node.properties {
                statements.push(format!("{property} {}", turtle_term(object)));
            }
            // A subject without triples does not exist in RDF: nothing to write.
            if !statements.is_empty() {
                out.push_str(&format!(
                    "\n{}\n    {} .\n",
                    turtle_term(&node.subject),
                    statements.join(" ;\n    ")
                ));
            }
        }
        out
    }

    /// JSON-LD 1.1: a context of the prefixes and a flat `@graph` of node objects.
    pub fn to_json_ld(&self) -> Value {
        let context: Map<String, Value> = self
            .prefixes
            .iter()
            .map(|(name, namespace)| ((*name).to_owned(), Value::from(*namespace)))
            .collect();
        let graph: Vec<Value> = self.nodes.iter().map(json_node).collect();
        json!({ "@context": context, "@graph": graph })
    }
}

fn json_node(node: &Node) -> Value {
    let mut object = Map::new();
    object.insert("@id".to_owned(), Value::from(json_id(&node.subject)));
    if !node.types.is_empty() {
        object.insert("@type".to_owned(), json!(node.types));
    }
    for (property, value) in &node.properties {
        let value = json_object(value);
        match object.get_mut(*property) {
            Some(Value::Array(values)) => values.push(value),
            Some(single) => *single = Value::Array(vec![single.take(), value]),
            None => {
                object.insert((*property).to_owned(), value);
            }
        }
    }
    Value::Object(object)
}

fn json_id(term: &Object) -> String {
    match term {
        Object::Iri(iri) => iri.clone(),
        Object::Blank(label) => format!("_:{label}"),
        Object::Literal { value, .. } => value.clone(),
    }
}

fn json_object(term: &Object) -> Value {
    match term {
        Object::Literal {
            value,
            datatype: Some(datatype),
            ..
        } => json!({ "@value": value, "@type": datatype }),
        Object::Literal {
            value,
            language: Some(language),
            ..
        } => json!({ "@value": value, "@language": language }),
        Object::Literal { value, .. } => Value::from(value.as_str()),
        other => json!({ "@id": json_id(other) }),
    }
}

fn turtle_term(term: &Object) -> String {
    match term {
        Object::Iri(iri) => format!("<{}>", escape_iri(iri)),
        Object::Blank(label) => format!("_:{label}"),
        Object::Literal {
            value,
            datatype,
            language,
        } => {
            let quoted = format!("\"{}\"", escape_string(value));
            match (datatype, language) {
                (Some(datatype), _) => format!("{quoted}^^{datatype}"),
                (None, Some(language)) => format!("{quoted}@{language}"),
                (None, None) => quoted,
            }
        }
    }
}

/// Characters an IRIREF may not hold are written as `\uXXXX` escapes, which Turtle allows.
fn escape_iri(iri: &str) -> String {
    iri.chars()
        .map(|c| match c {
            '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' | '\u{0}'..=' ' => {
                format!("\\u{:04X}", u32::from(c))
            }
            c => c.to_string(),
        })
        .collect()
}

fn escape_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        let mut graph = Graph::new(&[("dct", "http://purl.org/dc/terms/")]);
        graph
            .resource("https://e.it/#d", &["dct:Dataset"])
            .text("dct:title", "Dati \"belli\"\n", "it")
            .typed("dct:issued", "2026-01-02", "xsd:date")
            .iri("dct:language", "https://e.it/lang")
            .iri("dct:language", "https://e.it/lang2");
        graph
    }

    #[test]
    fn turtle_escapes_and_types() {
        assert_eq!(
            sample().to_turtle(),
            "@prefix dct: <http://purl.org/dc/terms/> .\n\n<https://e.it/#d>\n    a dct:Dataset ;\n    dct:title \"Dati \\\"belli\\\"\\n\"@it ;\n    dct:issued \"2026-01-02\"^^xsd:date ;\n    dct:language <https://e.it/lang> ;\n    dct:language <https://e.it/lang2> .\n"
        );
    }

    #[test]
    fn json_ld_groups_repeated_properties() {
        let value = sample().to_json_ld();
        let node = &value["@graph"][0];
        assert_eq!(node["dct:issued"]["@type"], "xsd:date");
        assert_eq!(node["dct:title"]["@language"], "it");
        assert_eq!(node["dct:language"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_resource_added_twice_is_one_node() {
        let mut graph = sample();
        graph.resource("https://e.it/#d", &["dct:Dataset", "dct:Other"]);
        assert_eq!(graph.nodes.len(), 1);
        assert_eq!(graph.nodes[0].types, ["dct:Dataset", "dct:Other"]);
    }

    #[test]
    fn unsafe_iri_characters_are_escaped() {
        assert_eq!(
            escape_iri("https://e.it/a b>"),
            "https://e.it/a\\u0020b\\u003E"
        );
    }
}
