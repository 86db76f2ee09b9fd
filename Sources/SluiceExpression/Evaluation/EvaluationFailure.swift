/// An evaluation error on one item, before the expression's source is prefixed to it.
struct EvaluationFailure: Error {
    /// What went wrong, naming the values and fields involved.
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
