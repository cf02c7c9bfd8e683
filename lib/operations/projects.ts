import { z } from "zod";
import { createProjectBody, projectMemberResponse, projectResponse, setProjectMemberBody, updateProjectBody } from "@/lib/schemas/projects";
import { page, pageQuery } from "@/lib/schemas/common";
import { createProject as create } from "@/lib/projects/create-project";
import { deleteProject as remove } from "@/lib/projects/delete-project";
import { getProject as get } from "@/lib/projects/get-project";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { listProjectMembers as listMembers, removeProjectMember as removeMember, setProjectMember as setMember } from "@/lib/projects/project-members";
import { updateProject as update } from "@/lib/projects/update-project";
import { defineResource } from "./define";

const projectParams = z.object({ id: z.string().meta({ description: "Project id or slug" }) });
const projectMemberParams = projectParams.extend({ userId: z.string() });

export const projects = defineResource({ tags: ["Projects"], auth: "workspace", components: { Project: projectResponse, ProjectMember: projectMemberResponse } });
// A route on one project takes it from the path: withProject reads `{id}` itself, and the
// document asks for X-Tenant-Id only.
const fromPath = { auth: "project", projectParam: "id", documentOnly: ["params"] } as const;

export const listProjects = projects.operation({
  route: "GET /v1/projects",
  operationId: "listProjects",
  summary: "The projects you can see, with your role in each",
  action: "workspace.read",
  query: pageQuery,
  responses: { 200: { description: "A page of projects", schema: (c) => page(c.Project) } },
  handler: async (ctx, { query }) => listVisibleProjects(viewerOf(ctx), query),
});

export const createProject = projects.operation({
  route: "POST /v1/projects",
  operationId: "createProject",
  summary: "Create a project",
  action: "project.create",
  body: createProjectBody,
  errors: [409],
  responses: { 201: { description: "The project", schema: (c) => c.Project } },
  handler: async (ctx, { body }) => create(ctx, body),
});

export const getProject = projects.operation({
  route: "GET /v1/projects/{id}",
  operationId: "getProject",
  summary: "One project with your role",
  description: "A project you have no role in is a 404.",
  ...fromPath,
  action: "project.read",
  params: projectParams,
  responses: { 200: { description: "The project", schema: (c) => c.Project } },
  handler: async (ctx) => get(ctx),
});

export const updateProject = projects.operation({
  route: "PATCH /v1/projects/{id}",
  operationId: "updateProject",
  summary: "Rename a project",
  ...fromPath,
  action: "project.update",
  params: projectParams,
  body: updateProjectBody,
  responses: { 200: { description: "The project", schema: (c) => c.Project } },
  handler: async (ctx, { body }) => update(ctx, body),
});

export const deleteProject = projects.operation({
  route: "DELETE /v1/projects/{id}",
  operationId: "deleteProject",
  summary: "Delete a project and everything in it",
  description: "The default project cannot be deleted (422).",
  ...fromPath,
  action: "project.delete",
  params: projectParams,
  responses: { 204: { description: "Deleted" } },
  handler: async (ctx) => remove(ctx),
});

export const listProjectMembers = projects.operation({
  route: "GET /v1/projects/{id}/members",
  operationId: "listProjectMembers",
  summary: "Explicit project roles",
  description: "Owners and tenant admins are implicit project admins and are not listed.",
  ...fromPath,
  action: "project.read",
  params: projectParams,
  query: pageQuery,
  responses: { 200: { description: "A page of project members", schema: (c) => page(c.ProjectMember) } },
  handler: async (ctx, { query }) => listMembers(ctx.project.id, query),
});

export const setProjectMember = projects.operation({
  route: "PUT /v1/projects/{id}/members/{userId}",
  operationId: "setProjectMember",
  summary: "Grant or change a member's project role",
  ...fromPath,
  action: "project_member.manage",
  params: projectMemberParams,
  body: setProjectMemberBody,
  responses: { 200: { description: "The project member", schema: (c) => c.ProjectMember } },
  handler: async (ctx, { body }) => setMember(ctx, ctx.params.userId, body.role),
});

export const removeProjectMember = projects.operation({
  route: "DELETE /v1/projects/{id}/members/{userId}",
  operationId: "removeProjectMember",
  summary: "Revoke a member's project role",
  ...fromPath,
  action: "project_member.manage",
  params: projectMemberParams,
  responses: { 204: { description: "Revoked" } },
  handler: async (ctx) => removeMember(ctx, ctx.params.userId),
});
