package io.statxplore.superstar;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What Python's {@code repr(float)} and {@code csv} module write, for values the API sends. */
class PythonCsvTest {
  @Test void numbersAsPythonPrintsThem() {
    final Object[][] cases = {
        {37.0, "37.0"}, {15672696.0, "15672696.0"}, {1e16, "1e+16"}, {1.5e300, "1.5e+300"},
        {123456789012345678.0, "1.2345678901234568e+17"}, {9999999999999998.0, "9999999999999998.0"},
        {457.29727900910245, "457.29727900910245"}, {0.1 + 0.2, "0.30000000000000004"},
        {0.0001, "0.0001"}, {0.00001, "1e-05"}, {-2.5e-7, "-2.5e-07"}, {0.0, "0.0"}, {-0.0, "-0.0"},
        {Double.NaN, "nan"}, {Double.NEGATIVE_INFINITY, "-inf"},
    };
    for (Object[] c : cases) {
      assertEquals(c[1], PythonCsv.repr((Double) c[0]), "repr(" + c[0] + ")");
    }
    assertEquals("", PythonCsv.repr(null), "None");
  }

  @Test void quotesOnlyWhatMustBeQuoted() throws Exception {
    final StringWriter out = new StringWriter();
    final PythonCsv csv = new PythonCsv(out, '|');
    csv.writeRow(new String[] {"Sheffield, Hallam", "a|b", "say \"hi\"", "two\nlines", ""});
    csv.writeRow(new String[] {"x", "1.0"});
    assertEquals("Sheffield, Hallam|\"a|b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\r\nx|1.0\r\n", out.toString());
  }
}
