package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.format.counterpoint.CounterpointRow;
import io.poshub.format.jesta.JestaRow;
import io.poshub.format.ncr.NcrLine;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import org.apache.camel.dataformat.bindy.annotation.DataField;
import org.junit.jupiter.api.Test;

class PlainDataFieldTest {

    @Test
    void everySettingOfEveryModelFieldReadsAsTheAnnotationSaysIt() throws Exception {
        int compared = 0;
        for (Class<?> model : List.of(CounterpointRow.class, JestaRow.class, NcrLine.class)) {
            for (Field field : model.getDeclaredFields()) {
                DataField annotation = field.getAnnotation(DataField.class);
                if (annotation == null) {
                    continue;
                }
                PlainDataField plain = PlainDataField.of(annotation);
                for (Method setting : DataField.class.getDeclaredMethods()) {
                    assertThat(setting.invoke(plain)).as(model.getSimpleName() + "." + field.getName() + " " + setting.getName())
                            .isEqualTo(setting.invoke(annotation));
                    compared++;
                }
                assertThat(plain.annotationType()).isEqualTo(DataField.class);
            }
        }
        assertThat(compared).isGreaterThan(100);
    }
}
