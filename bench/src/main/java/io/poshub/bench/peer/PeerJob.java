package io.poshub.bench.peer;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.item.file.FlatFileItemReader;
import org.springframework.batch.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.item.support.SingleItemPeekableItemReader;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Spring Batch peer of the hub (contract §21), written as the Spring Batch 5 reference documentation teaches: a
 * job of one chunk-oriented step — a {@link FlatFileItemReader} of the Counterpoint file's lines, grouped into tickets
 * by a peeking reader (the documentation's multi-line records), and a writer ({@link Booking}) that books each chunk
 * with batched JDBC statements in the step's transaction — on the hub's own schema, with Spring Batch's job repository
 * in the same database. Runs in its own JVM: {@code PeerJob <jdbc-url> <user> <password> <file> <chunk> <import-file-id>
 * <feed>}; prints {@code seconds=… cpu=… status=… tickets=…} (the job's own: the JVM's start and Spring's context apart).
 */
@Configuration
@EnableBatchProcessing(dataSourceRef = "dataSource", transactionManagerRef = "transactionManager")
public class PeerJob {

    /** What one run is given. */
    public record Settings(String url, String user, String password, Path file, int chunk, long importFileId, String feed) {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = new Settings(args[0], args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]),
                Long.parseLong(args[5]), args[6]);
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(Settings.class, () -> settings);
            context.register(PeerJob.class);
            context.refresh();
            JobLauncher launcher = context.getBean(JobLauncher.class);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            Instant start = Instant.now();
            JobExecution execution = launcher.run(context.getBean(Job.class),
                    new JobParametersBuilder().addString("file", settings.file().toString()).addLong("run", System.nanoTime())
                            .addLong("chunk", (long) settings.chunk()).toJobParameters());
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            long written = execution.getStepExecutions().stream().mapToLong(s -> s.getWriteCount()).sum();
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            System.out.println("seconds=" + seconds + " cpu=" + cpu + " status=" + execution.getStatus() + " tickets=" + written);
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                execution.getAllFailureExceptions().forEach(Throwable::printStackTrace);
                System.exit(1);
            }
        }
    }

    @Bean
    DataSource dataSource(Settings settings) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(settings.url());
        pool.setUsername(settings.user());
        pool.setPassword(settings.password());
        pool.setMaximumPoolSize(4);
        // Spring Batch's tables beside the hub's, made once.
        ResourceDatabasePopulator batchSchema = new ResourceDatabasePopulator(
                new ClassPathResource("org/springframework/batch/core/schema-mariadb.sql"));
        batchSchema.setContinueOnError(true);
        batchSchema.execute(pool);
        return pool;
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    Job job(JobRepository jobs, Step book) {
        return new JobBuilder("bookSales", jobs).start(book).build();
    }

    @Bean
    Step book(JobRepository jobs, PlatformTransactionManager transactions, Settings settings, DataSource dataSource) {
        FlatFileItemReader<SaleLine> lines = new FlatFileItemReaderBuilder<SaleLine>()
                .name("lines")
                .resource(new FileSystemResource(settings.file()))
                .encoding(StandardCharsets.UTF_8.name())
                .linesToSkip(1)
                .delimited().delimiter(",").quoteCharacter('"').names(SaleLine.COLUMNS)
                .fieldSetMapper(SaleLine.mapper(new int[] {1}))
                .build();
        SingleItemPeekableItemReader<SaleLine> peekable = new SingleItemPeekableItemReader<>();
        peekable.setDelegate(lines);
        return new StepBuilder("book", jobs)
                .<List<SaleLine>, List<SaleLine>>chunk(settings.chunk(), transactions)
                .reader(new TicketReader(peekable))
                .writer(new Booking(new JdbcTemplate(dataSource), settings.importFileId(), settings.feed()))
                .build();
    }
}
