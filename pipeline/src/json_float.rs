//! Floats as serde_json writes them (the shortest form that reads back the
//! same, `zmij`), with a fast path for the floats records carry: scores,
//! weights and confidences rounded to two or three decimals.

use crate::json_number::write_json_number;

/// Appends `value` (finite) exactly as serde_json writes it.
pub fn write_json_float(out: &mut Vec<u8>, value: f64) {
    if !write_short_decimal(out, value) {
        out.extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
    }
}

/// Writes `value` in fixed notation when it is some integer `m / 10^k`
/// (k = 1..=3) below 1000 in size, and says whether it did.
///
/// That form is the shortest one reading back the same for the smallest
/// such `k`: the string `m / 10^k` reads back as the correctly rounded
/// quotient, which is what the division computes, and below 1000 no other
/// string with as few digits lies within half an ulp. zmij (shortest
/// round-trip digits) then writes the same bytes, which the tests check
/// for every such value. One test covers every `k`: `m / 10^k` is
/// `(m * 10^(3-k)) / 1000`, the same quotient.
fn write_short_decimal(out: &mut Vec<u8>, value: f64) -> bool {
    let size = value.abs();
    if size >= 1000.0 || value == 0.0 {
        return false;
    }
    // No `round()`: it is a libm call on the baseline x86-64 target.
    // Below a million: a 32-bit conversion, cheaper than a 64-bit
    // unsigned one.
    let thousandths = (size * 1000.0 + 0.5) as u32;
    if thousandths as f64 / 1000.0 != size {
        return false;
    }
    let (units, fraction) = (thousandths / 1000, thousandths % 1000);
    // At least one decimal ("1.0"), and no trailing zeros after it.
    let decimals = if fraction % 100 == 0 {
        1
    } else if fraction % 10 == 0 {
        2
    } else {
        3
    };
    let written = [
        b'-',
        b'0' + (units % 10) as u8,
        b'.',
        b'0' + (fraction / 100) as u8,
        b'0' + (fraction / 10 % 10) as u8,
        b'0' + (fraction % 10) as u8,
        0,
        0,
        0,
    ];
    let sign = usize::from(value < 0.0);
    if units < 10 {
        // Eight bytes copied whole (no call for a short variable-length
        // copy), then cut back.
        let end = out.len() + sign + 2 + decimals;
        let from = 1 - sign;
        out.extend_from_slice(&written[from..from + 8]);
        out.truncate(end);
    } else {
        if sign == 1 {
            out.push(b'-');
        }
        write_json_number(out, units as usize);
        out.extend_from_slice(&written[2..3 + decimals]);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zmij(value: f64) -> Vec<u8> {
        zmij::Buffer::new().format_finite(value).as_bytes().to_vec()
    }

    fn written(value: f64) -> Vec<u8> {
        let mut out = Vec::new();
        write_json_float(&mut out, value);
        out
    }

    #[test]
    fn every_short_decimal_is_written_as_zmij_writes_it() {
        for scale in [10.0, 100.0, 1000.0] {
            for m in -1_000_000i64..=1_000_000 {
                let value = m as f64 / scale;
                assert_eq!(written(value), zmij(value), "{value}");
            }
        }
    }

    #[test]
    fn other_floats_are_written_as_zmij_writes_them() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut values = vec![
            0.0,
            -0.0,
            1e-7,
            0.0001,
            999.9995,
            1000.0,
            1e300,
            f64::MIN_POSITIVE,
        ];
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // spread over magnitudes, and rounded scores computed the
            // way the stages compute them
            let v = f64::from_bits(x);
            if v.is_finite() {
                values.push(v);
            }
            let unit = (x % 2_000_001) as f64 / 1_000_000.0 - 1.0;
            values.push(unit);
            values.push((unit * 100.0).round() / 100.0);
            values.push((unit * 1000.0).round() / 1000.0);
            values.push(1.0 - (x % 97) as f64 / (1 + x % 89) as f64);
        }
        for value in values {
            assert_eq!(written(value), zmij(value), "{value:e}");
        }
    }
}
