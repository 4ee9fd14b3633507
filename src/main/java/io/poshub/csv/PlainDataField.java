package io.poshub.csv;

import java.lang.annotation.Annotation;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * A model field's {@code @DataField} as plain values. Bindy asks a field's settings (trim, pattern, separators, method,
 * …) for every value it binds; the annotation's own object answers each through a proxy and a map look-up, which was a
 * sixth of the reader's time on a big file. Same answers, read from fields.
 */
record PlainDataField(int pos, String name, String columnName, String pattern, String timezone, int length, int lengthPos,
                      String align, char paddingChar, int precision, int position, boolean required, boolean trim, boolean clip,
                      String delimiter, String defaultValue, boolean impliedDecimalSeparator, String decimalSeparator,
                      String groupingSeparator, String rounding, String method) implements DataField {

    static PlainDataField of(DataField d) {
        return new PlainDataField(d.pos(), d.name(), d.columnName(), d.pattern(), d.timezone(), d.length(), d.lengthPos(),
                d.align(), d.paddingChar(), d.precision(), d.position(), d.required(), d.trim(), d.clip(), d.delimiter(),
                d.defaultValue(), d.impliedDecimalSeparator(), d.decimalSeparator(), d.groupingSeparator(), d.rounding(), d.method());
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return DataField.class;
    }
}
