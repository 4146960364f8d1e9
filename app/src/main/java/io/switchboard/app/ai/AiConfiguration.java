package io.switchboard.app.ai;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.nodes.ai.AgentTools;
import io.switchboard.nodes.ai.AiNodes;
import io.switchboard.nodes.ai.ContactMemory;
import io.switchboard.nodes.ai.LlmProvider;
import io.switchboard.nodes.ai.LlmSettings;
import io.switchboard.nodes.ai.TwilioTextMessages;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.messaging.TwilioAccounts;
import io.switchboard.nodes.messaging.TwilioMessaging;
import io.switchboard.nodes.rag.Chunker;
import io.switchboard.nodes.rag.DocumentDownloader;
import io.switchboard.nodes.rag.DocumentExtractor;
import io.switchboard.nodes.http.SsrfGuard;
import io.switchboard.nodes.rag.Embedder;
import io.switchboard.nodes.rag.KnowledgeBaseIngestor;
import io.switchboard.nodes.rag.KnowledgeBaseRetriever;
import io.switchboard.nodes.rag.KnowledgeBases;
import io.switchboard.nodes.rag.MiniLmEmbedder;
import io.switchboard.nodes.rag.PostgresVectorStore;
import io.switchboard.nodes.rag.VectorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The AI nodes' ports: the platform's default model and global prompt (console, else {@code SWITCHBOARD_LLM_*}), usage metering,
 * knowledge bases (PostgreSQL store, in-process embeddings, background ingestion) and the agent's
 * tools.
 */
@Configuration(proxyBeanMethods = false)
public class AiConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AiConfiguration.class);

  /**
   * The platform's AI settings: the default model and global prompt the superadmin sets in the
   * console (stored in the database, winning over the environment), with {@code SWITCHBOARD_LLM_*}
   * as the default model's fallback; empty provider there means none, and workspaces without their
   * own credential get the sandbox model.
   */
  @Bean
  PlatformAiSettings platformAiSettings(TenantDatabase db, io.switchboard.app.credentials.CredentialVault vault,
                                        io.switchboard.app.audit.AuditLog audit, java.time.Clock clock,
                                        @Value("${SWITCHBOARD_LLM_PROVIDER:}") String provider,
                                        @Value("${SWITCHBOARD_LLM_API_KEY:}") String apiKey,
                                        @Value("${SWITCHBOARD_LLM_BASE_URL:}") String baseUrl,
                                        @Value("${SWITCHBOARD_LLM_MODEL:}") String model) {
    Optional<LlmSettings> environment = Optional.empty();
    if (!provider.isBlank()) {
      LlmProvider parsed = LlmProvider.parse(provider).orElseThrow(() -> new IllegalStateException(
          "SWITCHBOARD_LLM_PROVIDER is '" + provider + "'; use openai, openrouter, anthropic, gemini or ollama."));
      LlmSettings settings = new LlmSettings(parsed, apiKey, Optional.of(baseUrl), Optional.of(model), "platform default",
          LlmSettings.Origin.PLATFORM);
      log.info("AI steps without a credential use the environment's default model unless the console sets one: {}", settings);
      environment = Optional.of(settings);
    }
    return new PlatformAiSettings(db, vault, environment, audit, clock);
  }

  @Bean
  PostgresUsageMeter usageMeter(TenantDatabase db, MeterRegistry meters, io.switchboard.app.plans.PlanCatalog plans,
                                io.switchboard.app.plans.UsageMeter planUsage) {
    return new PostgresUsageMeter(db, meters, plans, planUsage);
  }

  @Bean
  Embedder embedder() {
    return new MiniLmEmbedder();
  }

  @Bean
  KnowledgeBases knowledgeBases(TenantDatabase db) {
    return new KnowledgeBases(db);
  }

  /**
   * PostgreSQL by default, with up to {@code SWITCHBOARD_KB_CACHED_VECTORS} embeddings in memory (384
   * floats, about 1.5 KB each); Qdrant when {@code SWITCHBOARD_QDRANT_HOST} is set (gRPC port
   * {@code SWITCHBOARD_QDRANT_PORT}, default 6334; collection {@code switchboard_chunks}).
   */
  @Bean
  VectorStore vectorStore(TenantDatabase db, Embedder embedder,
                          @Value("${SWITCHBOARD_KB_CACHED_VECTORS:500000}") long cachedVectors,
                          @Value("${SWITCHBOARD_QDRANT_HOST:}") String qdrantHost,
                          @Value("${SWITCHBOARD_QDRANT_PORT:6334}") int qdrantPort,
                          @Value("${SWITCHBOARD_QDRANT_API_KEY:}") String qdrantKey) {
    if (qdrantHost.isBlank()) {
      return new PostgresVectorStore(db, cachedVectors);
    }
    var grpc = io.qdrant.client.QdrantGrpcClient.newBuilder(qdrantHost, qdrantPort, !qdrantKey.isBlank());
    if (!qdrantKey.isBlank()) {
      grpc.withApiKey(qdrantKey);
    }
    var store = new io.switchboard.nodes.rag.QdrantVectorStore(new io.qdrant.client.QdrantClient(grpc.build()), "switchboard_chunks");
    store.ensureCollection(embedder.dimensions());
    log.info("knowledge-base chunks are stored in Qdrant at {}:{}", qdrantHost, qdrantPort);
    return store;
  }

  @Bean(destroyMethod = "close")
  KnowledgeBaseIngestor knowledgeBaseIngestor(TenantDatabase db, KnowledgeBases kbs, VectorStore store, Embedder embedder,
                                              @Value("${SWITCHBOARD_KB_MAX_FILE_MB:20}") long maxMb,
                                              @Value("${SWITCHBOARD_KB_INGEST_THREADS:1}") int threads) {
    return new KnowledgeBaseIngestor(db, kbs, store, new DocumentExtractor(maxMb * 1024 * 1024), Chunker.defaults(), embedder,
        Math.max(1, threads));
  }

  /**
   * Knowledge-base documents added by URL: fetched only where the HTTP step may go (the SSRF guard with
   * {@code SWITCHBOARD_HTTP_ALLOWED_HOSTS}), at most {@code SWITCHBOARD_KB_MAX_FILE_MB}, within
   * {@code SWITCHBOARD_KB_URL_TIMEOUT_SECONDS} (default 30).
   */
  @Bean(destroyMethod = "close")
  DocumentDownloader documentDownloader(@Value("${SWITCHBOARD_HTTP_ALLOWED_HOSTS:}") String allowed,
                                        @Value("${SWITCHBOARD_KB_MAX_FILE_MB:20}") long maxMb,
                                        @Value("${SWITCHBOARD_KB_URL_TIMEOUT_SECONDS:30}") long timeoutSeconds) {
    return new DocumentDownloader(new SsrfGuard(Arrays.asList(allowed.split(","))), maxMb * 1024 * 1024,
        Duration.ofSeconds(Math.max(1, timeoutSeconds)));
  }

  @Bean
  KnowledgeBaseRetriever knowledgeBaseRetriever(KnowledgeBases kbs, VectorStore store, Embedder embedder) {
    return new KnowledgeBaseRetriever(kbs, store, embedder);
  }

  /**
   * Contacts' memory graph: PostgreSQL by default; Neo4j with {@code SWITCHBOARD_MEMORY_BACKEND=neo4j}, reached at
   * {@code SWITCHBOARD_NEO4J_URI} (such as bolt://neo4j:7687) as {@code SWITCHBOARD_NEO4J_USER} /
   * {@code SWITCHBOARD_NEO4J_PASSWORD}, database {@code SWITCHBOARD_NEO4J_DATABASE} (default: the server's).
   */
  @Bean
  ContactMemory contactMemory(TenantDatabase db, MemoryBackend backend) {
    return backend.memory(db);
  }

  @Bean(destroyMethod = "close")
  MemoryBackend memoryBackend(@Value("${SWITCHBOARD_MEMORY_BACKEND:postgres}") String backend,
                              @Value("${SWITCHBOARD_NEO4J_URI:}") String uri,
                              @Value("${SWITCHBOARD_NEO4J_USER:neo4j}") String user,
                              @Value("${SWITCHBOARD_NEO4J_PASSWORD:}") String password,
                              @Value("${SWITCHBOARD_NEO4J_DATABASE:}") String database) {
    return MemoryBackend.of(backend, uri, user, password, database);
  }

  @Bean
  AiNodes.Ports aiPorts(PlatformAiSettings platform, PostgresUsageMeter usage, ContactBook contacts, MessageLog messages,
                        TwilioAccounts accounts, TwilioMessaging twilio, KnowledgeBaseRetriever retriever, ContactMemory memory) {
    return new AiNodes.Ports(platform, usage,
        new AgentTools.Ports(contacts, retriever, new TwilioTextMessages(contacts, messages, accounts, twilio)), memory,
        platform);
  }

  /** Documents a restart interrupted are ingested again once the application is up. */
  @EventListener(ApplicationReadyEvent.class)
  void resumeIngestion(ApplicationReadyEvent event) {
    event.getApplicationContext().getBean(KnowledgeBaseIngestor.class).resumePending();
  }
}
