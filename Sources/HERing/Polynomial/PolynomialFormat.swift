/// Marks how an ``RNSPolynomial`` stores its limbs, so that mixing forms is a compile-time error.
public protocol PolynomialFormat: Sendable {}

/// Coefficients a_0 … a_{N-1} of each limb.
public enum Coefficient: PolynomialFormat {}

/// Each limb's negacyclic NTT: evaluations at the odd powers of ψ, in the order documented on ``NTTTables``.
/// Products are element-wise in this form.
public enum Evaluation: PolynomialFormat {}
